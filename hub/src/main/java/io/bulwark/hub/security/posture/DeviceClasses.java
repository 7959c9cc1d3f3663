package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.detect.DeviceClassPolicy;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The device classes and their baselines: create, replace (with {@code If-Match}), read, delete, every write audited;
 * and which class a device is in, read from its {@code deviceClass} tag. As the detectors' {@link DeviceClassPolicy}
 * it answers whether a class allows USB.
 */
public final class DeviceClasses implements DeviceClassPolicy {

    public static final String ANY_ETAG = "*";

    private final DeviceClassRepository repository;
    private final DeviceRepository devices;
    private final AuditLog audit;
    private final Clock clock;

    public DeviceClasses(DeviceClassRepository repository, DeviceRepository devices, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** The outcome of a PUT: the stored class and whether it was new. */
    public record Saved(DeviceClass deviceClass, boolean created) {
    }

    /**
     * Creates the class, or replaces it when {@code ifMatch} is its etag or {@code *}. Without {@code ifMatch} an
     * existing class is replaced too, as a PUT of the whole resource.
     */
    public synchronized Saved put(Actor actor, String name, Baseline baseline, Long expectedReportIntervalSeconds,
                                  String ifMatch) {
        DeviceClass.requireName(name);
        Optional<DeviceClass> current = repository.find(name);
        String action = current.isPresent() ? "deviceClass.update" : "deviceClass.create";
        return audited(actor, action, name, () -> {
            DeviceClass fresh = new DeviceClass(name, baseline, expectedReportIntervalSeconds, newEtag(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (current.isEmpty()) {
                if (ifMatch != null && !ANY_ETAG.equals(ifMatch)) {
                    throw notFound(name);
                }
                if (!repository.insert(fresh)) {
                    throw new HubException.Conflict("device-class-exists", "device class " + name + " was just created");
                }
                return new Saved(fresh, true);
            }
            requireEtag(current.get(), ifMatch);
            if (!repository.replace(fresh, current.get().etag())) {
                throw preconditionFailed(name);
            }
            return new Saved(fresh, false);
        });
    }

    public DeviceClass get(String name) {
        return repository.find(DeviceClass.requireName(name)).orElseThrow(() -> notFound(name));
    }

    public List<DeviceClass> list() {
        return repository.list();
    }

    public synchronized void delete(Actor actor, String name, String ifMatch) {
        DeviceClass.requireName(name);
        audited(actor, "deviceClass.delete", name, () -> {
            DeviceClass current = get(name);
            requireEtag(current, ifMatch);
            if (!repository.delete(name)) {
                throw notFound(name);
            }
            return current;
        });
    }

    @Override
    public Optional<Boolean> usbAllowed(String deviceClass) {
        try {
            return repository.find(DeviceClass.requireName(deviceClass)).map(c -> c.baseline().usbAllowed());
        } catch (HubException.Invalid notAClassName) {
            return Optional.empty();
        }
    }

    /** The class named by the device's {@code deviceClass} tag; empty for an unknown device, no tag, or no such class. */
    public Optional<DeviceClass> classOf(String deviceId) {
        return className(deviceId).flatMap(repository::find);
    }

    /** The class name the device's tag gives, whether or not that class exists. */
    public Optional<String> className(String deviceId) {
        Optional<Device> device;
        try {
            device = devices.find(IdentityId.device(deviceId));
        } catch (RuntimeException invalidId) {
            return Optional.empty();
        }
        return device.map(d -> d.tags().get(DeviceClass.TAG));
    }

    private static void requireEtag(DeviceClass current, String ifMatch) {
        if (ifMatch != null && !ANY_ETAG.equals(ifMatch) && !unquote(ifMatch).equals(current.etag())) {
            throw preconditionFailed(current.name());
        }
    }

    private static String unquote(String etag) {
        String value = etag.trim();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private <T> T audited(Actor actor, String action, String name, Supplier<T> work) {
        String target = "deviceClass:" + name;
        try {
            T result = work.get();
            audit.record(actor, action, target, AuditOutcome.SUCCESS, "");
            return result;
        } catch (HubException e) {
            audit.record(actor, action, target, AuditOutcome.FAILURE, e.type());
            throw e;
        }
    }

    private static String newEtag() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static HubException.NotFound notFound(String name) {
        return new HubException.NotFound("device-class-not-found", "no device class " + name);
    }

    private static HubException.PreconditionFailed preconditionFailed(String name) {
        return new HubException.PreconditionFailed("etag-mismatch",
                "device class " + name + " was changed since that etag was read");
    }
}
