package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark stream read STREAM}: the messages of the telemetry, security or audit stream, one per line, with
 * the body shown as text when it is UTF-8 (device payloads are usually JSON) and as base64 otherwise.
 */
@Command(name = "stream", description = "Read the hub's streams (telemetry, security, audit).")
final class StreamCommand {

    private static final Set<String> STREAMS = Set.of("telemetry", "security", "audit");
    private static final int MAX_BODY_CHARS = 2000;

    @Spec
    CommandSpec spec;

    @Command(name = "read", description = {
        "Print messages oldest first: offset, enqueued time, device, properties, body.",
        "--follow keeps waiting for new messages (long-poll) until interrupted."})
    int read(@Parameters(paramLabel = "STREAM", description = "telemetry, security or audit") String stream,
             @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "1",
                     description = "the first offset wanted (default: ${DEFAULT-VALUE})") long from,
             @Option(names = "--device", paramLabel = "ID", description = "only this device's messages") String device,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                     description = "at most this many messages without --follow (default: ${DEFAULT-VALUE})") int limit,
             @Option(names = "--follow", description = "wait for new messages and print them as they come")
             boolean follow,
             @Mixin HubOptions hub) {
        if (!STREAMS.contains(stream)) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("read"),
                    "STREAM is telemetry, security or audit");
        }
        if (limit < 1 || from < 1) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("read"),
                    "--limit and --from must be at least 1");
        }
        HubClient client = hub.client(BulwarkCli.of(spec).env());
        PrintWriter out = spec.commandLine().getOut();
        long next = from;
        int printed = 0;
        while (follow || printed < limit) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from", Long.toString(next));
            query.put("limit", Integer.toString(follow ? 1000 : Math.min(1000, limit - printed)));
            query.put("deviceId", device);
            query.put("wait", follow ? "30" : null);
            HubResponse page = client.get(HubClient.withQuery("/streams/" + stream + "/messages", query));
            JsonNode messages = page.json();
            for (JsonNode message : messages) {
                out.println(line(message));
                printed++;
            }
            out.flush();
            long continuation = page.continuation().map(Long::parseLong).orElse(next);
            if (!follow && (messages.isEmpty() || continuation == next)) {
                break;
            }
            next = continuation;
        }
        return 0;
    }

    static String line(JsonNode message) {
        String module = message.path("moduleId").isTextual() ? "/" + message.path("moduleId").asText() : "";
        return String.format("%6d  %s  %s%s  %s  %s", message.path("offset").asLong(),
                message.path("enqueuedTime").asText(), message.path("deviceId").asText(), module,
                message.path("properties"), body(message.path("body").asText()));
    }

    /** The body as text when it is printable UTF-8, else as {@code base64:...}; cut short either way. */
    static String body(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                text = "base64:" + base64;
            }
        } catch (CharacterCodingException e) {
            text = "base64:" + base64;
        }
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) + "..." : text;
    }
}
