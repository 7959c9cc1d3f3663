package io.bulwark.hub.mqtt;

/** The hub's answer to a device's twin request: a three-digit status, the version when one changed, a body. */
record TwinAnswer(int status, Long version, byte[] body) {
}
