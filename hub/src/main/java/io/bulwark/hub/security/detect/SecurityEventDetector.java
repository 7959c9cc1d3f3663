package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSignal;
import java.util.List;

/** A rule over the security stream: shown each device-reported event in offset order, says what alerts it raises. */
public interface SecurityEventDetector {

    List<AlertSignal> inspect(DeviceSecurityEvent event);
}
