package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.x509.CertificateAuthorities;
import io.bulwark.hub.x509.CertificateId;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.HubCaRevocationList;
import io.bulwark.hub.x509.RevokedCertificate;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * Certificate revocation (S-AUTH-6): revoke a device, intermediate or CA certificate, list revocations, and the hub
 * CA's CRL. Revoking needs RegistryWrite like any change of who may connect. The CRL is public: it is signed, holds
 * only serial numbers, and relying parties must be able to fetch it without credentials.
 */
final class RevocationRoutes {

    static final String CRL_PATH = HubCaRevocationList.PATH;

    private final CertificateRevocations revocations;
    private final CertificateAuthorities cas;
    private final HubCaRevocationList crl;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    RevocationRoutes(CertificateRevocations revocations, CertificateAuthorities cas, HubCaRevocationList crl,
                     RequestBodies bodies, ObjectMapper json) {
        this.revocations = revocations;
        this.cas = cas;
        this.crl = crl;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/revocations/certificates", REGISTRY_READ, "certificate.revocation-list",
                        this::list),
                Route.of(HandlerType.POST, "/revocations/certificates", REGISTRY_WRITE, "certificate.revoke",
                        this::revoke),
                Route.of(HandlerType.POST, "/certificates/{name}/revoke", REGISTRY_WRITE, "ca.revoke",
                        this::revokeCa),
                Route.of(HandlerType.GET, CRL_PATH, null, "crl.read", this::crl));
    }

    /** Body: {@code {"certificate": PEM}}, or {@code {"thumbprint": …}}, or {@code {"issuer": …, "serialNumber": …}}. */
    private void revoke(Context ctx) {
        JsonNode body = bodies.jsonObject(ctx);
        String pem = text(body, "certificate");
        RevokedCertificate revoked = pem != null
                ? revocations.revoke(RequestGuard.actor(ctx), Certificates.parseOne(pem, "certificate"))
                : revocations.revoke(RequestGuard.actor(ctx), CertificateId.parse(text(body, "thumbprint"),
                        text(body, "issuer"), text(body, "serialNumber")), null);
        ctx.status(201).contentType("application/json").result(write(revoked).toString());
    }

    /** The CA stays registered, so the listing shows it, but nothing chaining to it connects any more. */
    private void revokeCa(Context ctx) {
        RevokedCertificate revoked = revocations.revoke(RequestGuard.actor(ctx),
                cas.get(ctx.pathParam("name")).certificate());
        ctx.status(201).contentType("application/json").result(write(revoked).toString());
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        revocations.list().forEach(revoked -> array.add(write(revoked)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void crl(Context ctx) {
        ctx.contentType("application/pkix-crl").result(crl.encoded());
    }

    private ObjectNode write(RevokedCertificate revoked) {
        return json.createObjectNode()
                .put("thumbprint", revoked.id().thumbprint())
                .put("issuer", revoked.id().issuer())
                .put("serialNumber", revoked.id().serialNumber())
                .put("subject", revoked.subject())
                .put("revoked", revoked.revokedTime().toString());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HubException.Invalid("invalid-certificate-id", field + " must be a string");
        }
        return value.asText();
    }
}
