package io.egressgate.route.cli;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.routes.Gateway;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvertersTest {

    private final Converters.Interval interval = new Converters.Interval();

    @Test
    void intervalsAreGoStyleDurationsOrSeconds() {
        assertThat(interval.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(interval.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(interval.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(interval.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(interval.convert("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> interval.convert("s30")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> interval.convert("30s junk")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> interval.convert("0")).hasMessageContaining("shorter than");
        assertThatThrownBy(() -> interval.convert("99999999999999999999")).hasMessageContaining("too long");
    }

    @Test
    void aLinkLocalIpv6GatewayCarriesItsDevice() {
        Gateway gateway = Converters.gateway("fe80::1%egr0", true);

        assertThat(gateway.address()).isEqualTo(Cidr.parse("fe80::1").address());
        assertThat(gateway.device()).isEqualTo("egr0");
        assertThat(gateway).hasToString("fe80::1%egr0");
        assertThatThrownBy(() -> Converters.gateway("10.62.0.1%egr0", false))
                .hasMessageContaining("only an IPv6 gateway takes a %device suffix");
    }
}
