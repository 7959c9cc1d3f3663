package io.bulwark.bench;

/** What every scenario of one driver run shares. */
record RunContext(DriverOptions options, Broker broker, Connector connector, LoadProbes probes, RunResults results,
                  Qos1WarmUp qos1WarmUp) {

    RunContext(DriverOptions options, Broker broker, Connector connector, LoadProbes probes, RunResults results) {
        this(options, broker, connector, probes, results, new Qos1WarmUp(options.qos1WarmUp()));
    }

    void add(Figure figure) {
        results.add(figure);
    }

    /** The driver's own open-files limit, so that a scenario can say it does not fit instead of failing half-way. */
    static long driverMaxOpenFiles() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    /** Why {@code connections} do not fit the open-files limits of driver or broker, or null if they fit. */
    String openFilesShortage(int connections) {
        long needed = connections + 200L;
        long driver = driverMaxOpenFiles();
        if (driver < needed) {
            return "driver open-files limit " + driver;
        }
        long brokerLimit = broker.process().maxOpenFiles().orElse(Long.MAX_VALUE);
        if (brokerLimit < needed) {
            return broker.name() + " open-files limit " + brokerLimit;
        }
        return null;
    }
}
