package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark posture ...}: the fleet's posture as devices report it (S-MON-2). */
@Command(name = "posture", description = "Show the posture devices report: versions across the fleet.")
final class PostureCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "fleet", description = "Which devices run which OS, kernel and firmware version.")
    int fleet(@Mixin HubOptions hub) {
        JsonNode fleet = hub.client(BulwarkCli.of(spec).env()).get("/posture/fleet").json();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d device%s with a posture%n", fleet.path("devices").asInt(),
                fleet.path("devices").asInt() == 1 ? "" : "s");
        section(out, "operating system", fleet.path("operatingSystems"));
        section(out, "kernel", fleet.path("kernels"));
        section(out, "firmware", fleet.path("firmware"));
        return 0;
    }

    private static void section(PrintWriter out, String title, JsonNode groups) {
        out.printf("%n%s%n", title);
        for (JsonNode group : groups) {
            StringBuilder devices = new StringBuilder();
            for (JsonNode device : group.path("devices")) {
                devices.append(devices.length() == 0 ? "" : ", ").append(device.asText());
            }
            out.printf("  %-32s %5d  %s%n", group.path("version").asText(), group.path("count").asInt(), devices);
        }
    }
}
