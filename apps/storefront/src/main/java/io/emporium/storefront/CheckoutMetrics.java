package io.emporium.storefront;

import java.util.Map;
import java.util.TreeMap;

/**
 * The checkout endpoint's numbers from the platform's Prometheus metrics
 * ({@code http_server_requests_seconds} for {@code POST /api/orders/checkouts}, every status):
 * how many were served since the start, their mean, and the worst as a bound from the timer's
 * cumulative latency buckets: "every checkout took at most {@code worstAtMostMillis}".
 *
 * <p>Both figures cover the same checkouts (all since the start), so the mean is never above the
 * worst. The timer's {@code _max} is not used: it covers only the last couple of minutes, and
 * set beside a mean since the start it could show a "worst" below the mean.
 *
 * @param worstAtMostMillis the smallest bucket boundary no checkout exceeded; infinite if some
 *        exceeded the largest one; NaN if the metrics have no buckets; 0 when there were none
 * @param largestBucketMillis the largest finite bucket boundary (for "over ...")
 */
public record CheckoutMetrics(long count, double meanMillis, double worstAtMostMillis, double largestBucketMillis) {

    private static final String SERIES = "http_server_requests_seconds";

    static CheckoutMetrics read(PlatformClient api) {
        try {
            String answer = api.getText("/actuator/prometheus", Pages.token());
            return parse(answer == null ? "" : answer);
        } catch (ApiProblem e) {
            return new CheckoutMetrics(0, 0, 0, 0);
        }
    }

    static CheckoutMetrics parse(String text) {
        long count = 0;
        double sum = 0;
        Map<Double, Long> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(SERIES) || !line.contains("uri=\"/api/orders/checkouts\"")
                    || !line.contains("method=\"POST\"")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(SERIES + "_count")) {
                count += (long) value;
            } else if (line.startsWith(SERIES + "_sum")) {
                sum += value;
            } else if (line.startsWith(SERIES + "_bucket")) {
                buckets.merge(le(line), (long) value, Long::sum);
            }
        }
        if (count == 0) {
            return new CheckoutMetrics(0, 0, 0, 0);
        }
        double worst = buckets.isEmpty() ? Double.NaN : Double.POSITIVE_INFINITY;
        double largest = 0;
        for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
            if (!bucket.getKey().isInfinite()) {
                largest = bucket.getKey() * 1000;
            }
            if (bucket.getValue() >= count && Double.isInfinite(worst)) {
                worst = bucket.getKey() * 1000;
            }
        }
        return new CheckoutMetrics(count, sum / count * 1000, worst, largest);
    }

    /** A bucket line's upper bound in seconds ({@code le="0.25"}, {@code le="+Inf"}). */
    private static double le(String line) {
        int start = line.indexOf("le=\"") + 4;
        String bound = line.substring(start, line.indexOf('"', start));
        return bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
    }

    /** The worst latency as the page shows it: "≤ 250 ms", "over 30 s" or "—" (none, or not measured). */
    public String worst() {
        if (count == 0 || Double.isNaN(worstAtMostMillis)) {
            return "—";
        }
        if (Double.isInfinite(worstAtMostMillis)) {
            return "over " + duration(largestBucketMillis);
        }
        return "≤ " + duration(worstAtMostMillis);
    }

    private static String duration(double millis) {
        return millis >= 1000 ? strip(millis / 1000) + " s" : strip(millis) + " ms";
    }

    private static String strip(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
