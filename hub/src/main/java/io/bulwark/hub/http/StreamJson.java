package io.bulwark.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.List;

/** Stream messages, pages and consumer cursors as the REST API and the event streams show them. */
final class StreamJson {

    /** The oldest offset the stream still holds: a reader that asked for less lost what retention deleted. */
    static final String FIRST_OFFSET_HEADER = "bulwark-first-offset";
    /** The newest offset the stream holds. */
    static final String LAST_OFFSET_HEADER = "bulwark-last-offset";

    private final ObjectMapper json;

    StreamJson(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode message(StoredMessage stored) {
        StreamMessage message = stored.message();
        ObjectNode node = json.createObjectNode()
                .put("offset", stored.offset())
                // Audit records about no device are kept under an empty id, which no device can have.
                .put("deviceId", message.deviceId().isEmpty() ? null : message.deviceId())
                .put("moduleId", message.moduleId())
                .put("enqueuedTime", message.enqueuedTime().toString())
                .put("sourceProtocol", message.sourceProtocol())
                .put("body", Base64.getEncoder().encodeToString(message.body()));
        ObjectNode properties = node.putObject("properties");
        message.properties().forEach(properties::put);
        return node;
    }

    /** A page as the JSON array of its messages, with the offset to ask for next and the stream's range. */
    void page(Context ctx, StreamQuery query, StreamPage page) {
        ctx.header(ContinuationTokens.HEADER, String.valueOf(page.nextOffset(query)));
        rangeHeaders(ctx, page);
        ArrayNode array = json.createArrayNode();
        page.messages().forEach(stored -> array.add(message(stored)));
        ctx.contentType("application/json").result(array.toString());
    }

    static void rangeHeaders(Context ctx, StreamPage page) {
        ctx.header(FIRST_OFFSET_HEADER, String.valueOf(page.firstOffset()));
        ctx.header(LAST_OFFSET_HEADER, String.valueOf(page.lastOffset()));
    }

    ObjectNode cursor(ConsumerCursor cursor) {
        return json.createObjectNode()
                .put("stream", cursor.stream().wireName())
                .put("group", cursor.group().name())
                .put("offset", cursor.offset())
                .put("committedAt", cursor.committedAt().toString());
    }

    String cursors(List<ConsumerCursor> cursors) {
        ArrayNode array = json.createArrayNode();
        cursors.forEach(cursor -> array.add(cursor(cursor)));
        return array.toString();
    }

    String skipped(long requested, long firstOffset) {
        return json.createObjectNode().put("requested", requested).put("firstOffset", firstOffset).toString();
    }
}
