package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerProcessTest {

    @Test
    void readsResidentMemoryFromProcStatus() {
        assertThat(BrokerProcess.residentKib(List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmRSS:\t  223456 kB",
                "RssAnon:\t 200000 kB"))).isEqualTo(223_456);
    }

    @Test
    void aStatusWithoutResidentMemoryIsAnError() {
        assertThatThrownBy(() -> BrokerProcess.residentKib(List.of("Name:\tkthreadd")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrokerProcess.residentKib(List.of("VmRSS:\t 12 MB")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheSoftOpenFilesLimit() {
        List<String> limits = List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             95000                95000                processes",
                "Max open files            20000                40000                files");
        assertThat(BrokerProcess.maxOpenFiles(limits)).hasValue(20_000);
        assertThat(BrokerProcess.maxOpenFiles(List.of(
                "Max open files            unlimited            unlimited            files"))).isEmpty();
    }

    @Test
    void readsThisJvmsOwnProcess() throws Exception {
        BrokerProcess self = new BrokerProcess(ProcessHandle.current().pid());
        assertThat(self.residentKib()).isPositive();
        assertThat(self.maxOpenFiles()).isPresent();
        assertThat(self.cpuSeconds()).isPositive();
    }
}
