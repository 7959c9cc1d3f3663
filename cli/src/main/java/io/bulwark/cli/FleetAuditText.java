package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** A fleet audit report as text: a header line, then per check its rule and one line per finding. */
final class FleetAuditText {

    private FleetAuditText() {
    }

    static void print(JsonNode report, PrintWriter out) {
        out.printf("fleet audit %s: %s, %s by %s, started %s, finished %s%n", report.path("id").asText(),
                report.path("state").asText(), report.path("trigger").asText(), report.path("actor").asText(),
                report.path("started").asText(), report.path("finished").asText("-"));
        out.printf("period %s .. %s, %d finding%s%n", report.path("periodFrom").asText(),
                report.path("periodTo").asText(), report.path("findingCount").asInt(),
                report.path("findingCount").asInt() == 1 ? "" : "s");
        for (JsonNode check : report.path("checks")) {
            JsonNode findings = check.path("findings");
            String status = !check.path("error").isNull() && check.has("error") ? "ERROR"
                    : findings.isEmpty() ? "ok" : findings.size() + " finding" + (findings.size() == 1 ? "" : "s");
            out.printf("%n%-28s %s%n", check.path("check").asText(), status);
            out.printf("  rule: %s%n", check.path("rule").asText());
            if (check.has("error") && !check.path("error").isNull()) {
                out.printf("  error: %s%n", check.path("error").asText());
            }
            for (JsonNode finding : findings) {
                out.printf("  %-8s %-24s %s%n", finding.path("severity").asText(), finding.path("target").asText(),
                        finding.path("message").asText());
            }
        }
    }
}
