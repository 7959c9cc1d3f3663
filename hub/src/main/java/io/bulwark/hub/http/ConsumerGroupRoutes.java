package io.bulwark.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.ConsumerGroups;
import io.bulwark.hub.stream.StreamName;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * Consumer groups of one stream: {@code GET .../consumers} lists them, {@code GET .../consumers/{group}} shows one,
 * {@code GET .../consumers/{group}/messages} reads from its committed offset (long-poll with {@code wait}),
 * {@code PUT .../consumers/{group}/offset} with {@code {"offset": N}} commits, {@code DELETE .../consumers/{group}}
 * forgets it. Commits and deletions are audited.
 */
final class ConsumerGroupRoutes {

    private final ConsumerGroups groups;
    private final StreamJson json;
    private final RequestBodies bodies;
    private final StreamRoutes reads;

    ConsumerGroupRoutes(ConsumerGroups groups, StreamJson json, RequestBodies bodies, StreamRoutes reads) {
        this.groups = groups;
        this.json = json;
        this.bodies = bodies;
        this.reads = reads;
    }

    List<Route> routes(StreamName stream, String base, Permission permission) {
        String group = base + "/consumers/{group}";
        return List.of(
                Route.of(HandlerType.GET, base + "/consumers", permission, "stream.consumer.list",
                        ctx -> ctx.contentType("application/json").result(json.cursors(groups.list(stream)))),
                Route.of(HandlerType.GET, group, permission, "stream.consumer.read",
                        ctx -> cursor(ctx, groups.get(stream, group(ctx)))),
                Route.of(HandlerType.GET, group + "/messages", permission, "stream.consumer.read",
                        ctx -> messages(ctx, stream)),
                Route.of(HandlerType.PUT, group + "/offset", permission, "stream.consumer.commit",
                        ctx -> commit(ctx, stream)),
                Route.of(HandlerType.DELETE, group, permission, "stream.consumer.delete",
                        ctx -> {
                            groups.delete(RequestGuard.actor(ctx), stream, group(ctx));
                            ctx.status(204);
                        }));
    }

    private void messages(Context ctx, StreamName stream) {
        reads.answer(ctx, reads.query(ctx, stream, groups.position(stream, group(ctx))));
    }

    private void commit(Context ctx, StreamName stream) {
        ConsumerGroup group = group(ctx);
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode offset = body.get("offset");
        if (offset == null || !offset.canConvertToExactIntegral() || !offset.canConvertToLong()) {
            throw new HubException.Invalid("invalid-offset", "the body must be {\"offset\": N}, N the next offset"
                    + " the group will read");
        }
        cursor(ctx, groups.commit(RequestGuard.actor(ctx), stream, group, offset.asLong()));
    }

    private void cursor(Context ctx, ConsumerCursor cursor) {
        ctx.contentType("application/json").result(json.cursor(cursor).toString());
    }

    private static ConsumerGroup group(Context ctx) {
        return new ConsumerGroup(ctx.pathParam("group"));
    }
}
