package io.emporium.promotion.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an amount over parts in proportion to their weights, in whole minor units of the
 * currency, so that the parts always sum to the amount exactly (largest remainder method):
 * every part first gets its proportional share rounded down; the minor units left over go one
 * each to the parts with the largest remainders, ties to the earlier part.
 */
public final class Apportion {

    private Apportion() {
    }

    /**
     * @param amount the amount to split, at {@code scale} decimals, never negative
     * @param weights non-negative weights at {@code scale} decimals; when {@code amount} is at most their sum,
     *                no part exceeds its weight
     */
    public static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> weights, int scale) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot apportion a negative amount");
        }
        BigInteger total = amount.setScale(scale).unscaledValue();
        List<BigInteger> w = weights.stream().map(x -> {
            if (x.signum() < 0) {
                throw new IllegalArgumentException("weights are never negative");
            }
            return x.setScale(scale).unscaledValue();
        }).toList();
        BigInteger sum = w.stream().reduce(BigInteger.ZERO, BigInteger::add);
        if (sum.signum() == 0) {
            if (total.signum() != 0) {
                throw new IllegalArgumentException("cannot apportion " + amount + " over nothing");
            }
            return weights.stream().map(x -> BigDecimal.ZERO.setScale(scale)).toList();
        }
        List<BigInteger> shares = new ArrayList<>();
        List<BigInteger> remainders = new ArrayList<>();
        BigInteger given = BigInteger.ZERO;
        for (BigInteger weight : w) {
            BigInteger[] qr = total.multiply(weight).divideAndRemainder(sum);
            shares.add(qr[0]);
            remainders.add(qr[1]);
            given = given.add(qr[0]);
        }
        int left = total.subtract(given).intValueExact(); // fewer than the number of parts
        List<Integer> order = IntStream.range(0, w.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i)).toList();
        for (int k = 0; k < left; k++) {
            int i = order.get(k);
            shares.set(i, shares.get(i).add(BigInteger.ONE));
        }
        return shares.stream().map(s -> new BigDecimal(s, scale)).toList();
    }
}
