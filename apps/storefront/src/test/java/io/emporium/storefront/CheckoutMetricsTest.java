package io.emporium.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckoutMetricsTest {

    private static final String TAGS = "error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"201\","
            + "uri=\"/api/orders/checkouts\"";
    private static final String CONFLICT = "error=\"none\",exception=\"none\",method=\"POST\",outcome=\"CLIENT_ERROR\","
            + "status=\"409\",uri=\"/api/orders/checkouts\"";

    @Test
    void mean_and_worst_cover_the_same_checkouts_so_the_worst_is_never_below_the_mean() {
        // a slow burst long ago, quiet since: the timer's recent max has decayed to 0.01 s,
        // which beside the mean (0.21 s) is the contradiction the page used to show
        String text = """
                http_server_requests_seconds_bucket{%1$s,le="0.1"} 6
                http_server_requests_seconds_bucket{%1$s,le="0.25"} 6
                http_server_requests_seconds_bucket{%1$s,le="0.5"} 7
                http_server_requests_seconds_bucket{%1$s,le="1.0"} 8
                http_server_requests_seconds_bucket{%1$s,le="+Inf"} 8
                http_server_requests_seconds_count{%1$s} 8
                http_server_requests_seconds_sum{%1$s} 1.6
                http_server_requests_seconds_max{%1$s} 0.01
                http_server_requests_seconds_bucket{%2$s,le="0.1"} 2
                http_server_requests_seconds_bucket{%2$s,le="0.25"} 2
                http_server_requests_seconds_bucket{%2$s,le="0.5"} 2
                http_server_requests_seconds_bucket{%2$s,le="1.0"} 2
                http_server_requests_seconds_bucket{%2$s,le="+Inf"} 2
                http_server_requests_seconds_count{%2$s} 2
                http_server_requests_seconds_sum{%2$s} 0.1
                http_server_requests_count{method="GET",uri="/api/cart"} 99
                """.formatted(TAGS, CONFLICT);
        CheckoutMetrics metrics = CheckoutMetrics.parse(text);
        assertThat(metrics.count()).isEqualTo(10);
        assertThat(metrics.meanMillis()).isCloseTo(170, org.assertj.core.data.Offset.offset(0.001));
        assertThat(metrics.worstAtMostMillis()).isEqualTo(1000);
        assertThat(metrics.worstAtMostMillis()).isGreaterThanOrEqualTo(metrics.meanMillis());
        assertThat(metrics.worst()).isEqualTo("≤ 1 s");
    }

    @Test
    void a_checkout_beyond_the_largest_bucket_and_no_checkouts_read_plainly() {
        String slow = """
                http_server_requests_seconds_bucket{%1$s,le="0.25"} 1
                http_server_requests_seconds_bucket{%1$s,le="30.0"} 1
                http_server_requests_seconds_bucket{%1$s,le="+Inf"} 2
                http_server_requests_seconds_count{%1$s} 2
                http_server_requests_seconds_sum{%1$s} 40.1
                """.formatted(TAGS);
        assertThat(CheckoutMetrics.parse(slow).worst()).isEqualTo("over 30 s");
        assertThat(CheckoutMetrics.parse("").worst()).isEqualTo("—");
        assertThat(CheckoutMetrics.parse("").meanMillis()).isZero();
        String small = """
                http_server_requests_seconds_bucket{%1$s,le="0.025"} 0
                http_server_requests_seconds_bucket{%1$s,le="0.05"} 3
                http_server_requests_seconds_count{%1$s} 3
                http_server_requests_seconds_sum{%1$s} 0.09
                """.formatted(TAGS);
        assertThat(CheckoutMetrics.parse(small).worst()).isEqualTo("≤ 50 ms");
    }
}
