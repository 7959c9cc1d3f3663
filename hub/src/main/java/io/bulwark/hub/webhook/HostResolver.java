package io.bulwark.hub.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a webhook's host into the addresses to check and connect to. Behind an interface so that a test can play a
 * DNS server that answers one address now and another later (DNS rebinding) without any real DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** What the JVM's resolver says (DNS, /etc/hosts); an IP literal is parsed, not looked up. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address the host has, never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
