package io.bulwark.bench;

import java.net.InetSocketAddress;

/**
 * The loopback source addresses a driver binds its connections to: 127.0.0.2 upwards, at most {@code perAddress}
 * connections per address over the whole run, so that neither the ephemeral port range of one address (about 28,000
 * ports) nor the hub's per-source connect limit (50 per second in bursts of 500, S-DOS-2) caps what is measured.
 * Addresses ending in .0 and .255 are skipped; all of 127.0.0.0/8 is loopback on Linux.
 */
final class SourceAddresses {

    /** 127.0.0.2 to 127.255.255.254 without the .0 and .255 ends: 254 usable addresses in every /24. */
    static final int CAPACITY = 256 * 256 * 254 - 1;

    private final int perAddress;
    private final int firstAddress;
    private int handedOut;

    /** {@code firstAddress}: how many addresses to leave out at the start, so that two drivers use different ones. */
    SourceAddresses(int perAddress, int firstAddress) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("perAddress must be at least 1");
        }
        if (firstAddress < 0 || firstAddress >= CAPACITY) {
            throw new IllegalArgumentException("firstAddress must be 0 to " + (CAPACITY - 1));
        }
        this.perAddress = perAddress;
        this.firstAddress = firstAddress;
    }

    /** The source for the next connection (port 0: the kernel picks one of that address's ports). */
    synchronized InetSocketAddress next() {
        long index = firstAddress + (long) handedOut / perAddress;
        if (index >= CAPACITY) {
            throw new IllegalStateException("out of loopback source addresses after " + handedOut + " connections");
        }
        handedOut++;
        return new InetSocketAddress(address((int) index), 0);
    }

    /** How many distinct addresses the connections so far used. */
    synchronized int addressesUsed() {
        return (handedOut + perAddress - 1) / perAddress;
    }

    /** The {@code index}-th usable loopback source address, 0 being 127.0.0.2. */
    static String address(int index) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException("no loopback source address number " + index);
        }
        // Count from 127.0.0.1 (never a source: it is where the brokers listen), 254 hosts (.1 to .254) per /24.
        int host = index + 1;
        int network = host / 254;
        int last = 1 + host % 254;
        return "127." + (network >> 8) + "." + (network & 0xff) + "." + last;
    }
}
