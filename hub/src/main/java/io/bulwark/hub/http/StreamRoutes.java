package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /streams/{name}/messages?from={offset}&limit={n}}: a back end reads a stream by offset. The answer's
 * {@code x-ms-continuation} header is the offset to ask for next.
 */
final class StreamRoutes {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Streams streams;
    private final ObjectMapper json;

    StreamRoutes(Streams streams, ObjectMapper json) {
        this.streams = streams;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(Route.of(HandlerType.GET, "/streams/{name}/messages", SERVICE_CONNECT, "stream.read",
                this::read));
    }

    private void read(Context ctx) {
        StreamName stream = StreamName.fromWire(ctx.pathParam("name"));
        long from = offset(ctx.queryParam("from"));
        int limit = ContinuationTokens.pageSize(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        List<StoredMessage> messages = streams.read(stream, from, limit);
        long next = messages.isEmpty() ? from : messages.get(messages.size() - 1).offset() + 1;
        ctx.header(ContinuationTokens.HEADER, String.valueOf(next));
        ArrayNode array = json.createArrayNode();
        for (StoredMessage stored : messages) {
            StreamMessage message = stored.message();
            ObjectNode node = array.addObject()
                    .put("offset", stored.offset())
                    .put("deviceId", message.deviceId())
                    .put("moduleId", message.moduleId())
                    .put("enqueuedTime", message.enqueuedTime().toString())
                    .put("sourceProtocol", message.sourceProtocol())
                    .put("body", Base64.getEncoder().encodeToString(message.body()));
            ObjectNode properties = node.putObject("properties");
            message.properties().forEach(properties::put);
        }
        ctx.contentType("application/json").result(array.toString());
    }

    private static long offset(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            long offset = Long.parseLong(value);
            if (offset >= 1) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.Invalid("invalid-query", "from must be an offset of 1 or more");
    }
}
