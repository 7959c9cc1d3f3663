package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bulwark alerts ...}: the security alerts the hub's detectors raised, and what an operator does with them. */
@Command(name = "alerts", description = "List, acknowledge and resolve security alerts (docs/security-alerts.md).")
final class AlertsCommand {

    private static final int MAX_PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Print alerts, newest first, one per line.")
    int list(@Option(names = "--state", paramLabel = "S", description = "open, acknowledged or resolved")
             String state,
             @Option(names = "--severity", paramLabel = "S", description = "critical, high, medium or low")
             String severity,
             @Option(names = "--device", paramLabel = "ID", description = "only alerts about this device")
             String device,
             @Option(names = "--rule", paramLabel = "R", description = "e.g. tamper, auth-failures-source")
             String rule,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                     description = "at most this many alerts (default: ${DEFAULT-VALUE})") int limit,
             @Mixin HubOptions hub) {
        if (state != null && !Set.of("open", "acknowledged", "resolved").contains(state)) {
            throw usageError("list", "--state is open, acknowledged or resolved");
        }
        if (severity != null && !Set.of("critical", "high", "medium", "low").contains(severity)) {
            throw usageError("list", "--severity is critical, high, medium or low");
        }
        if (limit < 1) {
            throw usageError("list", "--limit must be at least 1");
        }
        HubClient client = hub.client(BulwarkCli.of(spec).env());
        PrintWriter out = spec.commandLine().getOut();
        int printed = 0;
        Optional<String> cursor = Optional.empty();
        while (printed < limit) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("state", state);
            query.put("severity", severity);
            query.put("deviceId", device);
            query.put("rule", rule);
            query.put("continuationToken", cursor.orElse(null));
            query.put("pageSize", Integer.toString(Math.min(MAX_PAGE, limit - printed)));
            HubResponse page = client.get(HubClient.withQuery("/alerts", query));
            for (JsonNode alert : page.json()) {
                if (printed++ < limit) {
                    out.println(line(alert));
                }
            }
            Optional<String> next = page.continuation();
            if (next.isEmpty() || next.equals(cursor)) {
                break;
            }
            cursor = next;
        }
        return 0;
    }

    @Command(name = "ack", description = "Acknowledge an open alert: someone is looking at it.")
    int ack(@Parameters(paramLabel = "ID") long id,
            @Option(names = "--note", paramLabel = "TEXT", description = "why, or what happens next") String note,
            @Mixin HubOptions hub) {
        return change(hub, id, "acknowledge", note);
    }

    @Command(name = "resolve", description = "Resolve an alert: the next occurrence of its cause opens a new one.")
    int resolve(@Parameters(paramLabel = "ID") long id,
                @Option(names = "--note", paramLabel = "TEXT", description = "what was found or done") String note,
                @Mixin HubOptions hub) {
        return change(hub, id, "resolve", note);
    }

    private int change(HubOptions hub, long id, String verb, String note) {
        ObjectNode body = JSON.createObjectNode();
        if (note != null) {
            body.put("note", note);
        }
        JsonNode alert = hub.client(BulwarkCli.of(spec).env()).post("/alerts/" + id + "/" + verb,
                "application/json", HttpRequest.BodyPublishers.ofString(body.toString()),
                HubClient.REQUEST_TIMEOUT).json();
        spec.commandLine().getOut().printf("alert %s is %s (by %s)%n", alert.path("id").asText(),
                alert.path("state").asText(), alert.path("stateChangedBy").asText());
        return 0;
    }

    private static String line(JsonNode alert) {
        String device = alert.path("deviceId").isNull() ? "-" : alert.path("deviceId").asText();
        String source = alert.path("sourceAddress").isNull() ? "-" : alert.path("sourceAddress").asText();
        return String.format("%6s  %-8s %-12s %-22s %-16s %-15s x%-4d last %s  %s", alert.path("id").asText(),
                alert.path("severity").asText(), alert.path("state").asText(), alert.path("rule").asText(), device,
                source, alert.path("count").asLong(), alert.path("lastSeen").asText(),
                alert.path("summary").asText()).stripTrailing();
    }

    private ParameterException usageError(String subcommand, String message) {
        return new ParameterException(spec.commandLine().getSubcommands().get(subcommand), message);
    }
}
