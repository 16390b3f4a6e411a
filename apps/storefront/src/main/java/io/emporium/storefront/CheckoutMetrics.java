package io.emporium.storefront;

/**
 * The checkout endpoint's numbers from the platform's Prometheus metrics
 * ({@code http_server_requests_seconds} for {@code POST /api/orders/checkouts}): how many were
 * served, their mean and their worst latency since the start.
 */
record CheckoutMetrics(long count, double meanMillis, double maxMillis) {

    static CheckoutMetrics read(PlatformClient api) {
        String text;
        try {
            Object answer = api.getText("/actuator/prometheus");
            text = answer == null ? "" : answer.toString();
        } catch (ApiProblem e) {
            return new CheckoutMetrics(0, 0, 0);
        }
        long count = 0;
        double sum = 0;
        double max = 0;
        for (String line : text.split("\n")) {
            if (!line.contains("uri=\"/api/orders/checkouts\"") || !line.contains("method=\"POST\"")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("http_server_requests_seconds_count")) {
                count += (long) value;
            } else if (line.startsWith("http_server_requests_seconds_sum")) {
                sum += value;
            } else if (line.startsWith("http_server_requests_seconds_max")) {
                max = Math.max(max, value);
            }
        }
        return new CheckoutMetrics(count, count == 0 ? 0 : sum / count * 1000, max * 1000);
    }
}
