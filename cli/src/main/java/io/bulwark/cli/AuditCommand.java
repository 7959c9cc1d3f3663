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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bulwark audit ...}: read the hub's audit log, and prove it was not tampered with (S-AUD-1). */
@Command(name = "audit", description = "Read and verify the hub's tamper-evident audit log.")
final class AuditCommand {

    private static final int MAX_PAGE = 1000;
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
