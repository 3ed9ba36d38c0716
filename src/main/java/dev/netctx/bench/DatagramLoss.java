package dev.netctx.bench;

import java.util.Locale;

/**
 * The datagrams of a UDP or DTLS run that never came back, judged against {@code --max-loss}: the
 * fraction of the datagrams sent that may be lost and the run still pass. Over loopback at the rate a
 * window bounds, an echo server loses nothing, so the tolerance is 0 unless a run says otherwise
 * (a lossy path, or a load meant to overflow the server's socket buffer).
 *
 * @param sent datagrams sent in the whole run (warm-up, measured window and drain)
 * @param lost datagrams of those whose echo had not come back when the run ended
 */
record DatagramLoss(long sent, long lost) {

    /** The lost fraction of the datagrams sent, 0 when none were sent. */
    double ratio() {
        return (this.sent > 0) ? (double) this.lost / this.sent : 0;
    }

    /**
     * Adds {@code lost}, {@code loss_ratio} and {@code max_loss} to {@code report}, and fails it, saying
     * why, when more were lost than {@code maxLoss} allows.
     */
    Report judge(Report report, double maxLoss) {
        report.add("lost", this.lost).add("loss_ratio", fraction(ratio())).add("max_loss", fraction(maxLoss));
        if (ratio() > maxLoss) {
            report.fail(this.lost + " of " + this.sent + " datagrams lost (" + percent(ratio()) + "), above --max-loss "
                    + percent(maxLoss));
        }
        return report;
    }

    private static String fraction(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.4f%%", value * 100);
    }
}
