package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditVerification;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

/** {@code bulwark audit ...}: read the hub's audit log, and prove it was not tampered with (S-AUD-1). */
@Command(name = "audit", description = "Read and verify the hub's tamper-evident audit log; run the fleet audit.")
final class AuditCommand {

    private static final int MAX_PAGE = 1000;
    private static final long POLL_MILLIS = 250;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Command(name = "verify", description = {
        "Check the audit log's hash chain offline, straight from the data folder.",
        "Exit 0: intact. Exit 3: a record was edited, removed or reordered (the first one is named)."})
    int verify(@Mixin DataOption data) {
        PrintWriter out = spec.commandLine().getOut();
        AuditVerification result = new OfflineAuditCheck(data.folder(BulwarkCli.of(spec).env()),
                BulwarkCli.of(spec).env()).run();
        if (result.isIntact()) {
            out.printf("audit log intact: %d records%n", result.recordsChecked());
            return 0;
        }
        out.printf("audit log NOT intact: first bad record is sequence %d%n", result.firstBadSequence());
        out.printf("  problem: %s%n", result.problem());
        out.printf("  records verified before it: %d%n", result.recordsChecked());
        return CliFailure.AUDIT_BROKEN;
    }

    @Command(name = "run", description = {
        "Run the fleet audit now on the hub, wait for it and print its report (S-MON-3).",
        "Exit 0: no findings. Exit 4: findings. Needs the owner policy (AuditRead)."})
    int run(@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
                    description = "how long to wait for the report (default: ${DEFAULT-VALUE})") int timeoutSeconds,
            @Mixin HubOptions hub) {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("run"), "--timeout must be positive");
        }
        HubClient client = hub.client(BulwarkCli.of(spec).env());
        String id = client.post("/fleetAudits", "application/json", java.net.http.HttpRequest.BodyPublishers
                .ofString(""), HubClient.REQUEST_TIMEOUT).json().path("id").asText();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(timeoutSeconds);
        JsonNode report = client.get("/fleetAudits/" + HubClient.segment(id)).json();
        while ("running".equals(report.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new CliFailure("fleet audit " + id + " is still running after " + timeoutSeconds
                        + " s; read it later with: bulwark audit report " + id);
            }
            pause();
            report = client.get("/fleetAudits/" + HubClient.segment(id)).json();
        }
        FleetAuditText.print(report, spec.commandLine().getOut());
        return report.path("findingCount").asInt() == 0 ? 0 : CliFailure.AUDIT_FINDINGS;
    }

    @Command(name = "report", description = {
        "Print a stored fleet audit report: the latest, or the one with this id.",
        "Exit 0: no findings. Exit 4: findings."})
    int report(@Parameters(paramLabel = "ID", arity = "0..1", description = "a report id (default: the latest)")
               String id,
               @Mixin HubOptions hub) {
        HubClient client = hub.client(BulwarkCli.of(spec).env());
        JsonNode report = client.get("/fleetAudits/" + (id == null ? "latest" : HubClient.segment(id))).json();
        FleetAuditText.print(report, spec.commandLine().getOut());
        return report.path("findingCount").asInt() == 0 ? 0 : CliFailure.AUDIT_FINDINGS;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the fleet audit");
        }
    }

    @Command(name = "list", description = "Print audit records, oldest first, one per line.")
    int list(@Option(names = "--action", paramLabel = "A", description = "e.g. device.create") String action,
             @Option(names = "--actor", paramLabel = "X", description = "e.g. policy:iothubowner") String actor,
             @Option(names = "--target", paramLabel = "T", description = "e.g. device:sensor-1") String target,
             @Option(names = "--outcome", paramLabel = "O", description = "success, denied or failure") String outcome,
             @Option(names = "--after", paramLabel = "SEQ", description = "only records after this sequence number")
             Long after,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                     description = "at most this many records (default: ${DEFAULT-VALUE})") int limit,
             @Mixin HubOptions hub) {
        if (outcome != null && !Set.of("success", "denied", "failure").contains(outcome)) {
            throw usageError("--outcome is success, denied or failure");
        }
        if (limit < 1) {
            throw usageError("--limit must be at least 1");
        }
        HubClient client = hub.client(BulwarkCli.of(spec).env());
        PrintWriter out = spec.commandLine().getOut();
        int printed = 0;
        Optional<String> cursor = Optional.ofNullable(after).map(String::valueOf);
        while (printed < limit) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("action", action);
            query.put("actor", actor);
            query.put("target", target);
            query.put("outcome", outcome);
            query.put("after", cursor.orElse(null));
            query.put("pageSize", Integer.toString(Math.min(MAX_PAGE, limit - printed)));
            HubResponse page = client.get(HubClient.withQuery("/audit", query));
            for (JsonNode record : page.json()) {
                if (printed++ < limit) {
                    out.println(line(record));
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

    private static String line(JsonNode record) {
        return String.format("%6d  %s  %-8s %-26s %-20s %s  from %s  %s", record.path("sequence").asLong(),
                time(record.path("time").asText()), record.path("outcome").asText(), record.path("actor").asText(),
                record.path("action").asText(), record.path("target").asText(), record.path("source").asText(),
                record.path("detail").asText()).stripTrailing();
    }

    /** Always with milliseconds, so the columns line up ({@code Instant.toString} drops zero fractions). */
    private static String time(String instant) {
        try {
            return TIME.format(Instant.parse(instant));
        } catch (DateTimeParseException notAnInstant) {
            return instant;
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine().getSubcommands().get("list"), message);
    }
}
