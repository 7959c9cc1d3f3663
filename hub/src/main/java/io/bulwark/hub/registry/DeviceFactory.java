package io.bulwark.hub.registry;

import java.time.Instant;
import java.util.List;

/** Builds the stored form of an identity from a caller's spec: generated keys, ids, scopes and timestamps. */
final class DeviceFactory {

    private final SymmetricKeyGenerator keys;
    private final GatewayLinks gateways;

    DeviceFactory(SymmetricKeyGenerator keys, GatewayLinks gateways) {
        this.keys = keys;
        this.gateways = gateways;
    }

    Device newDevice(DeviceSpec spec, Instant now) {
        String generationId = keys.newGenerationId();
        Authentication authentication = authentication(spec, null);
        return build(spec, generationId, authentication, now, now, now);
    }

    Device updated(Device current, DeviceSpec spec, Instant now) {
        Authentication authentication = authentication(spec, current.authentication());
        Instant statusTime = spec.status() == current.status() ? current.statusUpdatedTime() : now;
        return build(spec, current.generationId(), authentication, current.createdTime(), now, statusTime);
    }

    Device withKeys(Device current, SymmetricKeys fresh, Instant now) {
        return new Device(current.id(), current.generationId(), keys.newEtag(), current.status(),
                current.statusReason(), current.statusUpdatedTime(), Authentication.sas(fresh), current.iotEdge(),
                current.deviceScope(), current.parentScopes(), current.tags(), current.createdTime(), now);
    }

    private Device build(DeviceSpec spec, String generationId, Authentication authentication, Instant created,
                         Instant updated, Instant statusTime) {
        String parentScope = spec.parentScope();
        if (parentScope != null) {
            gateways.requireGateway(parentScope, spec.id());
        }
        // A gateway's scope is its own; a plain child shares its gateway's scope, as in Azure.
        String deviceScope = spec.iotEdge() ? DeviceScopes.of(spec.id(), generationId) : parentScope;
        List<String> parents = parentScope == null ? List.of() : List.of(parentScope);
        return new Device(spec.id(), generationId, keys.newEtag(), spec.status(), spec.statusReason(), statusTime,
                authentication, spec.iotEdge(), deviceScope, parents, spec.tags(), created, updated);
    }

    private Authentication authentication(DeviceSpec spec, Authentication current) {
        return switch (spec.authenticationType()) {
            case SAS -> {
                SymmetricKeys given = spec.symmetricKeys();
                if (given == null && current != null && current.symmetricKey() != null) {
                    given = current.symmetricKey();
                }
                yield Authentication.sas(given != null ? given : keys.newKeyPair());
            }
            case SELF_SIGNED -> new Authentication(AuthenticationType.SELF_SIGNED, null, spec.thumbprints());
            case CERTIFICATE_AUTHORITY -> new Authentication(AuthenticationType.CERTIFICATE_AUTHORITY, null, null);
        };
    }
}
