package io.bulwark.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.protocol.identity.InvalidIdentityException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem document, in one place. Details come from our own exception messages,
 * which never carry secrets; unexpected errors get a generic detail, and their log line holds no request data.
 */
final class ProblemDocuments {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:bulwark:problem:";
    private static final int MAX_CAUSES = 8;
    private static final Logger LOG = LoggerFactory.getLogger(ProblemDocuments.class);

    private final ObjectMapper json;

    ProblemDocuments(ObjectMapper json) {
        this.json = json;
    }

    void install(Javalin app) {
        app.exception(HubException.class, (e, ctx) -> send(ctx, statusOf(e), e.type(), e.getMessage()));
        app.exception(InvalidIdentityException.class, (e, ctx) -> send(ctx, 400, "invalid-id", e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(), slugOf(e.getStatus()),
                e.getMessage()));
        // Jackson's messages quote the offending input, which may be a key: only the position is passed on.
        app.exception(JsonProcessingException.class, (e, ctx) -> send(ctx, 400, "invalid-json",
                "the body is not valid JSON" + (e.getLocation() == null ? "" : " (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), routeTemplate(ctx), withoutMessages(e));
            send(ctx, 500, "internal-error", "the hub failed to handle this request; see its log");
        });
        app.error(404, ctx -> {
            if (!CONTENT_TYPE.equals(ctx.res().getContentType())) {
                send(ctx, 404, "not-found", "no such resource");
            }
        });
        app.error(405, ctx -> send(ctx, 405, "method-not-allowed", "this resource does not support " + ctx.method()));
    }

    void send(Context ctx, int status, String slug, String detail) {
        ObjectNode problem = json.createObjectNode()
                .put("type", TYPE_PREFIX + slug)
                .put("title", HttpStatus.forStatus(status).getMessage())
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.path());
        ctx.status(status).contentType(CONTENT_TYPE).result(problem.toString());
        if (status == 401) {
            ctx.header("WWW-Authenticate", "SharedAccessSignature");
        }
    }

    static int statusOf(HubException e) {
        if (e instanceof HubException.NotFound) {
            return 404;
        } else if (e instanceof HubException.Conflict) {
            return 409;
        } else if (e instanceof HubException.PreconditionFailed) {
            return 412;
        } else if (e instanceof HubException.Invalid) {
            return 400;
        } else if (e instanceof HubException.Unauthenticated) {
            return 401;
        } else if (e instanceof HubException.Forbidden) {
            return 403;
        } else if (e instanceof HubException.LimitExceeded) {
            // Size limits are 413; capacity limits (a full queue) are 429: retry later, the request itself is fine.
            return e.type().contains("too-large") || e.type().contains("too-many") ? 413 : 429;
        }
        return 500;
    }

    /** The matched route's template, never the raw path (it holds ids); unmatched requests share one name. */
    static String routeTemplate(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (RuntimeException unmatched) {
            return "unmatched";
        }
    }

    /**
     * A copy of an unexpected failure with its types and stack traces but no messages: a library's message may quote
     * request data (a body, a header, a key), and this log line must never hold any (S-DATA-4).
     */
    static Throwable withoutMessages(Throwable failure) {
        return withoutMessages(failure, 0);
    }

    private static Throwable withoutMessages(Throwable failure, int depth) {
        Throwable cause = failure.getCause() == null || depth >= MAX_CAUSES ? null
                : withoutMessages(failure.getCause(), depth + 1);
        Throwable copy = new RedactedFailure(failure.getClass().getName(), cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** Stands in for a failure in the log: its message is the original's class name, nothing else. */
    private static final class RedactedFailure extends Throwable {
        RedactedFailure(String type, Throwable cause) {
            super(type, cause, false, true);
        }
    }

    private static String slugOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 413 -> "body-too-large";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            default -> "http-" + status;
        };
    }
}
