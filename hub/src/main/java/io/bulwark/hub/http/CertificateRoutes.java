package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.x509.CertificateAuthorities;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.RegisteredCa;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * CA certificates for X.509 device authentication ({@code /certificates/{name}}): register, prove possession with the
 * verification code, list, read, delete. Registry permissions: a CA decides which devices may connect.
 */
final class CertificateRoutes {

    private final CertificateAuthorities cas;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    CertificateRoutes(CertificateAuthorities cas, RequestBodies bodies, ObjectMapper json) {
        this.cas = cas;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/certificates", REGISTRY_READ, "ca.list", this::list),
                Route.of(HandlerType.PUT, "/certificates/{name}", REGISTRY_WRITE, "ca.register", this::register),
                Route.of(HandlerType.GET, "/certificates/{name}", REGISTRY_READ, "ca.read", this::get),
                Route.of(HandlerType.POST, "/certificates/{name}/verify", REGISTRY_WRITE, "ca.verify", this::verify),
                Route.of(HandlerType.POST, "/certificates/{name}/generateVerificationCode", REGISTRY_WRITE,
                        "ca.new-verification-code", this::newCode),
                Route.of(HandlerType.DELETE, "/certificates/{name}", REGISTRY_WRITE, "ca.delete", this::delete));
    }

    private void register(Context ctx) {
        String pem = certificateField(bodies.jsonObject(ctx));
        answer(ctx.status(201), cas.register(RequestGuard.actor(ctx), ctx.pathParam("name"), pem));
    }

    private void verify(Context ctx) {
        String pem = certificateField(bodies.jsonObject(ctx));
        answer(ctx, cas.verify(RequestGuard.actor(ctx), ctx.pathParam("name"), pem, ctx.header("If-Match")));
    }

    private void newCode(Context ctx) {
        answer(ctx, cas.newVerificationCode(RequestGuard.actor(ctx), ctx.pathParam("name")));
    }

    private void get(Context ctx) {
        answer(ctx, cas.get(ctx.pathParam("name")));
    }

    private void delete(Context ctx) {
        cas.delete(RequestGuard.actor(ctx), ctx.pathParam("name"), ctx.header("If-Match"));
        ctx.status(204);
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        cas.list().forEach(ca -> array.add(write(ca)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void answer(Context ctx, RegisteredCa ca) {
        ctx.header("ETag", "\"" + ca.etag() + "\"");
        ctx.contentType("application/json").result(write(ca).toString());
    }

    private ObjectNode write(RegisteredCa ca) {
        ObjectNode node = json.createObjectNode()
                .put("name", ca.name())
                .put("subject", ca.certificate().getSubjectX500Principal().getName())
                .put("thumbprint", ca.thumbprint())
                .put("notBefore", ca.certificate().getNotBefore().toInstant().toString())
                .put("notAfter", ca.certificate().getNotAfter().toInstant().toString())
                .put("isVerified", ca.isVerified())
                .put("verificationCode", ca.verificationCode())
                .put("created", ca.createdTime().toString())
                .put("verified", ca.verifiedTime() == null ? null : ca.verifiedTime().toString())
                .put("etag", ca.etag())
                .put("certificate", Certificates.toPem(ca.certificate()));
        return node;
    }

    private static String certificateField(JsonNode body) {
        JsonNode certificate = body.get("certificate");
        if (certificate != null && !certificate.isTextual()) {
            throw new io.bulwark.hub.HubException.Invalid("invalid-certificate", "certificate must be a string (PEM)");
        }
        return certificate == null ? null : certificate.asText();
    }
}
