package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.protocol.connection.ServiceConnectionString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real hub in this JVM on loopback and free ports, plus a CLI runner pointed at its data folder. */
final class RunningHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final Hub hub;
    private final CliRunner cli;
    private boolean closed;

    private RunningHub(Path data, Hub hub) {
        this.data = data;
        this.hub = hub;
        this.cli = new CliRunner(Map.of()).forbidding(policyKey("iothubowner")).forbidding(policyKey("service"));
    }

    static RunningHub start(Path data) {
        return new RunningHub(data, Hub.start(HubConfig.forTests(data)));
    }

    Path data() {
        return data;
    }

    Hub hub() {
        return hub;
    }

    /** Runs {@code bulwark ARGS --data DATA}. */
    CliRunner.Result run(String... args) {
        String[] withData = java.util.Arrays.copyOf(args, args.length + 2);
        withData[args.length] = "--data";
        withData[args.length + 1] = data.toString();
        return cli.run(withData);
    }

    /** The device as {@code device show --show-keys} prints it. */
    JsonNode device(String id) {
        CliRunner.Result shown = run("device", "show", id, "--show-keys");
        if (shown.exitCode() != 0) {
            throw new AssertionError("device show " + id + " failed: " + shown);
        }
        return json(shown.out());
    }

    String primaryKey(String id) {
        return device(id).path("authentication").path("symmetricKey").path("primaryKey").asText();
    }

    String policyKey(String policy) {
        try {
            return ServiceConnectionString.parse(Files.readString(
                    hub.dataFolder().policyConnectionString(policy)).trim()).sharedAccessKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Idempotent, so a test may stop the hub early and the fixture still closes it safely. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            hub.close();
        }
    }
}
