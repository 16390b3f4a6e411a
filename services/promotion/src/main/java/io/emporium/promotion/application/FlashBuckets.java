package io.emporium.promotion.application;

import io.emporium.promotion.domain.FlashSale;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Taking a sale's units from its stock buckets, the one way both the purchase endpoint's batches
 * and cart checkouts do it: walk the buckets from a starting one (each locked until commit) until
 * the units wanted are taken or the buckets are dry, then give back what is not used. A claim is
 * booked to the bucket its first unit came from, and a release puts all its units back there, so
 * Σ bucket.remaining + Σ live claims = stock holds whatever buckets the units came from.
 * Runs in the caller's transaction.
 */
@Component
public class FlashBuckets {

    private final FlashRepository flash;

    public FlashBuckets(FlashRepository flash) {
        this.flash = flash;
    }

    /** Units taken from one bucket. */
    public record Take(int bucket, int units) {
    }

    /** What one {@link #take} got, in the order taken. */
    public record Taken(List<Take> takes) {

        public Taken {
            takes = List.copyOf(takes);
        }

        public int total() {
            return takes.stream().mapToInt(Take::units).sum();
        }

        /** The bucket the {@code unit}-th unit taken (from 0) came from. */
        public int bucketOf(int unit) {
            int seen = 0;
            for (Take take : takes) {
                seen += take.units();
                if (unit < seen) {
                    return take.bucket();
                }
            }
            throw new IllegalArgumentException("unit " + unit + " was not taken (" + seen + " were)");
        }
    }

    /** Takes up to {@code want} units, walking the sale's buckets from {@code start} (mod their number). */
    public Taken take(FlashSale sale, int want, int start) {
        List<Take> takes = new ArrayList<>();
        int got = 0;
        for (int i = 0; i < sale.buckets() && got < want; i++) {
            int bucket = Math.floorMod(start + i, sale.buckets());
            int took = flash.take(sale.id(), bucket, want - got);
            if (took > 0) {
                takes.add(new Take(bucket, took));
                got += took;
            }
        }
        return new Taken(takes);
    }

    /** Gives back the units beyond the first {@code used}, to the last bucket taken from (where they were last seen). */
    public void putBackUnused(FlashSale sale, Taken taken, int used) {
        int left = taken.total() - used;
        if (left < 0) {
            throw new IllegalArgumentException(used + " units used of " + taken.total() + " taken");
        }
        if (left > 0) {
            flash.putBack(sale.id(), taken.takes().getLast().bucket(), left);
        }
    }

    /** Gives every unit back to the bucket it came from. */
    public void putBackAll(FlashSale sale, Taken taken) {
        taken.takes().forEach(t -> flash.putBack(sale.id(), t.bucket(), t.units()));
    }
}
