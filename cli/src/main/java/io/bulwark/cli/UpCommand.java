package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bulwark up}: runs a hub in the foreground until Ctrl-C. */
@Command(name = "up", description = {
    "Start the hub and keep it running until Ctrl-C.",
    "On first start it generates its CA, server certificate and access-policy keys in the data folder."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--host", paramLabel = "NAME",
            description = "a host name devices and services dial; repeatable (default: $" + UpSettings.ENV_HOST
                    + ", comma-separated; loopback names are always included)")
    List<String> hosts;

    @Option(names = "--https-port", paramLabel = "N",
            description = "HTTPS port (default: $" + UpSettings.ENV_HTTPS_PORT + ", else "
                    + HubConfig.DEFAULT_HTTPS_PORT + "; 0 picks a free port)")
    Integer httpsPort;

    @Option(names = "--mqtt-port", paramLabel = "N",
            description = "MQTT/TLS port (default: $" + UpSettings.ENV_MQTT_PORT + ", else "
                    + HubConfig.DEFAULT_MQTT_PORT + ")")
    Integer mqttPort;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "address to listen on (default: $" + UpSettings.ENV_BIND + ", else "
                    + UpSettings.DEFAULT_BIND + ")")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        BulwarkCli cli = BulwarkCli.of(spec);
        HubConfig config = config(cli.env());
        PrintWriter out = spec.commandLine().getOut();
        Hub hub = Hub.start(config);
        printStarted(out, hub);
        cli.lifetime().runUntilStopped(() -> {
            hub.close();
            out.println("hub stopped");
            out.flush();
        });
        return 0;
    }

    private HubConfig config(Map<String, String> env) {
        try {
            return UpSettings.resolve(data.data, hosts, bind, httpsPort, mqttPort, env).toConfig(env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Where to find things, never what they contain: no key is ever printed (S-AUTH-2). */
    private static void printStarted(PrintWriter out, Hub hub) {
        HubConfig config = hub.config();
        DataFolder folder = hub.dataFolder();
        out.println("Bulwark hub running");
        out.println("  service REST API  https://" + HubClient.urlHost(config.primaryHostName()) + ":" + hub.httpsPort());
        out.println("  devices (MQTT)    mqtts://" + HubClient.urlHost(config.primaryHostName()) + ":" + hub.mqttPort()
                + "  (MQTT 3.1.1 over TLS, Azure IoT Hub device protocol)");
        out.println("  devices (WSS)     wss://" + HubClient.urlHost(config.primaryHostName()) + ":" + hub.httpsPort()
                + "/$iothub/websocket  (MQTT over WebSocket, also at /mqtt)");
        out.println("  trust this CA     " + folder.caCertificate());
        out.println("  credentials       " + folder.credentials());
        if (hub.isFirstStart()) {
            out.println();
            out.println("First start: the keys of the built-in access policies were generated just now and written to");
            out.println("  " + folder.credentials() + " (one connection string per policy, readable by you only).");
            out.println("  They are not printed here; show one with: bulwark connection-string --policy iothubowner");
        }
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

}
