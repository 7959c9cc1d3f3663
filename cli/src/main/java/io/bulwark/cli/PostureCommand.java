package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark posture ...}: the fleet's posture as devices report it (S-MON-2). */
@Command(name = "posture", description = "Show the posture devices report: versions across the fleet.")
final class PostureCommand {

    private static final int MAX_LISTED = 10;

    @Spec
    CommandSpec spec;

    @Command(name = "fleet", description = "Which devices run which OS, kernel and firmware version.")
    int fleet(@Option(names = "--all", description = "list every device of each version (default: the first "
                      + MAX_LISTED + ")") boolean all,
              @Mixin HubOptions hub) {
        JsonNode fleet = hub.client(BulwarkCli.of(spec).env()).get("/posture/fleet").json();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d device%s with a posture%n", fleet.path("devices").asInt(),
                fleet.path("devices").asInt() == 1 ? "" : "s");
        section(out, "operating system", fleet.path("operatingSystems"), all);
        section(out, "kernel", fleet.path("kernels"), all);
        section(out, "firmware", fleet.path("firmware"), all);
        return 0;
    }

    private static void section(PrintWriter out, String title, JsonNode groups, boolean all) {
        out.printf("%n%s%n", title);
        for (JsonNode group : groups) {
            StringBuilder devices = new StringBuilder();
            int listed = 0;
            for (JsonNode device : group.path("devices")) {
                if (!all && listed == MAX_LISTED) {
                    devices.append(" and ").append(group.path("devices").size() - MAX_LISTED).append(" more");
                    break;
                }
                devices.append(listed++ == 0 ? "" : ", ").append(device.asText());
            }
            out.printf("  %-32s %5d  %s%n", group.path("version").asText(), group.path("count").asInt(), devices);
        }
    }
}
