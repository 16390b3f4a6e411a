package io.emporium.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void ipv4_counts_per_address_and_ipv6_per_64() {
        assertThat(ClientAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.key("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddress.key("2001:db8:1:2:ffff:1:2:3"))
                .endsWith("/64");
        assertThat(ClientAddress.key("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.key("2001:db8:1:2::1"));
    }

    @Test
    void only_ip_literals_are_addresses_never_names() {
        assertThat(ClientAddress.key("localhost")).isNull();
        assertThat(ClientAddress.key("example.com")).isNull();
        assertThat(ClientAddress.key("beef")).isNull();
        assertThat(ClientAddress.key("1.2.3.4, 5.6.7.8")).isNull();
        assertThat(ClientAddress.key("")).isNull();
        assertThat(ClientAddress.key(null)).isNull();
    }
}
