package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.DeviceCertificates;
import io.bulwark.hub.x509.IssuedCertificate;
import io.bulwark.hub.x509.RevokedCertificate;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;

/**
 * Device certificates issued by the hub CA from a CSR ({@code /devices/{id}/certificates}): issue, list, revoke by
 * serial number. Registry permissions: a certificate decides who may connect as the device, like its keys.
 */
final class DeviceCertificateRoutes {

    private static final String DEVICE = "/devices/{id}/certificates";
    private static final String MODULE = "/devices/{id}/modules/{mid}/certificates";

    private final DeviceCertificates certificates;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    DeviceCertificateRoutes(DeviceCertificates certificates, RequestBodies bodies, ObjectMapper json) {
        this.certificates = certificates;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, DEVICE, REGISTRY_WRITE, "certificate.issue", this::issue),
                Route.of(HandlerType.GET, DEVICE, REGISTRY_READ, "certificate.list", this::list),
                Route.of(HandlerType.POST, DEVICE + "/{serial}/revoke", REGISTRY_WRITE, "certificate.revoke-issued",
                        this::revoke),
                Route.of(HandlerType.POST, MODULE, REGISTRY_WRITE, "certificate.issue", this::issue),
                Route.of(HandlerType.GET, MODULE, REGISTRY_READ, "certificate.list", this::list),
                Route.of(HandlerType.POST, MODULE + "/{serial}/revoke", REGISTRY_WRITE, "certificate.revoke-issued",
                        this::revoke));
    }

    /** Body: {@code {"csr": PEM, "validityInDays": n}} or {@code "validityInHours": n}; neither gives the default. */
    private void issue(Context ctx) {
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode csr = body.get("csr");
        if (csr == null || !csr.isTextual()) {
            throw new HubException.Invalid("invalid-csr", "csr is required: a PEM certificate signing request");
        }
        IssuedCertificate issued = certificates.issue(RequestGuard.actor(ctx), identity(ctx), csr.asText(),
                validity(body));
        ObjectNode answer = write(issued);
        StringBuilder chain = new StringBuilder();
        certificates.chain(issued).forEach(certificate -> chain.append(Certificates.toPem(certificate)));
        answer.put("certificateChain", chain.toString());
        ctx.status(201).contentType("application/json").result(answer.toString());
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        certificates.list(identity(ctx)).forEach(issued -> array.add(write(issued)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void revoke(Context ctx) {
        RevokedCertificate revoked = certificates.revoke(RequestGuard.actor(ctx), identity(ctx),
                ctx.pathParam("serial"));
        ctx.status(201).contentType("application/json").result(json.createObjectNode()
                .put("thumbprint", revoked.id().thumbprint())
                .put("issuer", revoked.id().issuer())
                .put("serialNumber", revoked.id().serialNumber())
                .put("subject", revoked.subject())
                .put("revoked", revoked.revokedTime().toString()).toString());
    }

    private ObjectNode write(IssuedCertificate issued) {
        return json.createObjectNode()
                .put("deviceId", issued.identity().deviceId())
                .put("moduleId", issued.identity().moduleId())
                .put("serialNumber", issued.serialNumber())
                .put("thumbprint", issued.thumbprint())
                .put("subject", issued.certificate().getSubjectX500Principal().getName())
                .put("notBefore", issued.notBefore().toString())
                .put("notAfter", issued.notAfter().toString())
                .put("issued", issued.issuedTime().toString())
                .put("issuedBy", issued.origin().wireName())
                .put("certificate", Certificates.toPem(issued.certificate()));
    }

    private static Duration validity(JsonNode body) {
        JsonNode days = body.get("validityInDays");
        JsonNode hours = body.get("validityInHours");
        if (days != null && hours != null) {
            throw new HubException.Invalid("invalid-validity", "give validityInDays or validityInHours, not both");
        }
        JsonNode given = days != null ? days : hours;
        if (given == null || given.isNull()) {
            return null;
        }
        if (!given.canConvertToInt() || !given.isIntegralNumber() || given.asInt() < 1) {
            throw new HubException.Invalid("invalid-validity", "validity must be a positive whole number");
        }
        return days != null ? Duration.ofDays(given.asInt()) : Duration.ofHours(given.asInt());
    }

    private static IdentityId identity(Context ctx) {
        return new IdentityId(ctx.pathParam("id"), ctx.pathParamMap().get("mid"));
    }
}
