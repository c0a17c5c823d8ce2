package org.vibevoice.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.diffusion.DpmSolver.Algorithm;

class DpmSolverTest {
    private static final int TRAIN = 1000;

    @Test
    void timestepsAreNumpysRoundedLinspace() {
        assertThat(DpmSolver.create(TRAIN, 10, Algorithm.DPMSOLVER_PP).timesteps())
                .containsExactly(999, 899, 799, 699, 599, 500, 400, 300, 200, 100);
        assertThat(DpmSolver.create(TRAIN, 20, Algorithm.DPMSOLVER_PP).timesteps()).containsExactly(999, 949, 899,
                849, 799, 749, 699, 649, 599, 549, 500, 450, 400, 350, 300, 250, 200, 150, 100, 50);
        assertThat(DpmSolver.create(TRAIN, 5, Algorithm.DPMSOLVER_PP).timesteps()).containsExactly(999, 799, 599, 400, 200);
        // 166.5 and 832.5 round half to even
        assertThat(DpmSolver.create(TRAIN, 6, Algorithm.DPMSOLVER_PP).timesteps()).containsExactly(999, 832, 666, 500, 333, 166);
        assertThat(DpmSolver.create(TRAIN, 1, Algorithm.DPMSOLVER_PP).timesteps()).containsExactly(999);
    }

    @Test
    void sigmasMatchTheSpecTable() {
        DpmSolver s = DpmSolver.create(TRAIN, 10, Algorithm.DPMSOLVER_PP);
        double[] spec = {20291.3, 6.3646, 3.10373, 1.9807, 1.39075, 1.01555, 0.740282, 0.52236, 0.337461, 0.171044};
        for (int i = 0; i < spec.length; i++) {
            assertThat((double) s.sigma(i)).isCloseTo(spec[i], withPercentage(1e-3));
        }
        assertThat(s.sigma(10)).isZero();
        NoiseSchedule n = NoiseSchedule.cosine(TRAIN);
        assertThat((double) n.alphaCumprod(0)).isCloseTo(0.9999587, withPercentage(1e-4));
        assertThat((double) n.alphaCumprod(500)).isCloseTo(0.4922847, withPercentage(1e-3));
        assertThat((double) n.alphaCumprod(999)).isCloseTo(2.4287e-9, withPercentage(1e-2));
        assertThat((double) n.sigma(0)).isCloseTo(0.006427, withPercentage(1e-2));
    }

    @Test
    void orderIsFirstAtBothEndsAndSecondBetween() {
        DpmSolver s = DpmSolver.create(TRAIN, 10, Algorithm.DPMSOLVER_PP);
        assertThat(s.isSecondOrder(0)).isFalse();
        assertThat(s.isSecondOrder(9)).isFalse();
        for (int i = 1; i < 9; i++) {
            assertThat(s.isSecondOrder(i)).isTrue();
        }
    }

    @Test
    void everyStepCountGivesFiniteSaneTablesAndMatchesADoubleSolver() {
        Random rnd = new Random(1);
        for (Algorithm alg : Algorithm.values()) {
            for (int steps = 1; steps <= 100; steps++) {
                check(DpmSolver.create(TRAIN, steps, alg), rnd);
            }
            check(DpmSolver.create(TRAIN, 999, alg), rnd);
        }
    }

    private static void check(DpmSolver s, Random rnd) {
        int steps = s.steps();
        int[] ts = s.timesteps();
        assertThat(ts[0]).isEqualTo(TRAIN - 1);
        for (int i = 0; i < steps; i++) {
            assertThat(s.sigma(i)).isFinite().isPositive();
            if (i > 0) {
                assertThat(ts[i]).isLessThan(ts[i - 1]).isGreaterThanOrEqualTo(0);
                assertThat(s.sigma(i)).isLessThan(s.sigma(i - 1));
            }
        }
        int n = 7;
        float[] x = new float[n];
        double[] xd = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) rnd.nextGaussian();
            xd[k] = x[k];
        }
        float[] x0 = new float[n];
        float[] x0Prev = new float[n];
        double[] x0d = new double[n];
        double[] x0dPrev = new double[n];
        float[] v = new float[n];
        float[] z = new float[n];
        for (int i = 0; i < steps; i++) {
            for (int k = 0; k < n; k++) {
                v[k] = (float) rnd.nextGaussian();
                z[k] = (float) rnd.nextGaussian();
            }
            s.step(i, v, x, x0, x0Prev, z, n);
            ReferenceSolver.step(s, i, v, xd, x0d, x0dPrev, z);
            for (int k = 0; k < n; k++) {
                assertThat(x[k]).as("steps %d, step %d", steps, i).isFinite();
                double tol = 2e-4 * Math.max(1, Math.abs(xd[k]));
                assertThat((double) x[k]).as("%s steps %d, step %d", s.algorithm(), steps, i)
                        .isCloseTo(xd[k], org.assertj.core.data.Offset.offset(tol));
            }
            float[] f = x0;
            x0 = x0Prev;
            x0Prev = f;
            double[] d = x0d;
            x0d = x0dPrev;
            x0dPrev = d;
        }
    }

    @Test
    void theLastStepReturnsTheDataPredictionExactly() {
        for (Algorithm alg : Algorithm.values()) {
            DpmSolver s = DpmSolver.create(TRAIN, 10, alg);
            float[] x = {0.3f, -1.7f, 2.2f};
            float[] v = {-0.4f, 0.9f, 1.1f};
            float[] x0 = new float[3];
            float[] z = {5f, -5f, 5f};
            s.step(9, v, x, x0, new float[3], z, 3);
            float alpha = 1f / (float) Math.sqrt(s.sigma(9) * s.sigma(9) + 1f);
            float sd = s.sigma(9) * alpha;
            float[] orig = {0.3f, -1.7f, 2.2f};
            for (int k = 0; k < 3; k++) {
                assertThat(x[k]).isEqualTo(x0[k]).isEqualTo(alpha * orig[k] - sd * v[k]);
            }
        }
    }

    @Test
    void stepCountsOutsideTheScheduleAreRejected() {
        assertThatThrownBy(() -> DpmSolver.create(TRAIN, 0, Algorithm.DPMSOLVER_PP)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("between 1 and 999");
        assertThatThrownBy(() -> DpmSolver.create(TRAIN, 1000, Algorithm.DPMSOLVER_PP)).isInstanceOf(VibeVoiceException.class);
        assertThat(Algorithm.parse("SDE-DPMSolver++")).isEqualTo(Algorithm.SDE_DPMSOLVER_PP);
        assertThatThrownBy(() -> Algorithm.parse("euler")).isInstanceOf(VibeVoiceException.class);
    }

    /** The solver's formulas (spec §6.4) in double from the float σ table, written independently. */
    static final class ReferenceSolver {
        static double alpha(double sigma) {
            return 1 / Math.sqrt(sigma * sigma + 1);
        }

        static double lambda(double sigma) {
            return Math.log(alpha(sigma)) - Math.log(sigma * alpha(sigma));
        }

        static void step(DpmSolver s, int i, float[] v, double[] x, double[] x0, double[] x0Prev, float[] z) {
            double sig = s.sigma(i);
            for (int k = 0; k < x.length; k++) {
                x0[k] = alpha(sig) * x[k] - sig * alpha(sig) * v[k];
            }
            int last = s.steps() - 1;
            if (i == last) {
                System.arraycopy(x0, 0, x, 0, x.length);
                return;
            }
            double sigT = s.sigma(i + 1);
            double aT = alpha(sigT);
            double sT = sigT * aT;
            double sS = sig * alpha(sig);
            double h = lambda(sigT) - lambda(sig);
            boolean sde = s.algorithm() == Algorithm.SDE_DPMSOLVER_PP;
            double r0 = i > 0 ? (lambda(sig) - lambda(s.sigma(i - 1))) / h : 0;
            for (int k = 0; k < x.length; k++) {
                double d1 = i > 0 ? (x0[k] - x0Prev[k]) / r0 : 0;
                if (sde) {
                    double e2 = 1 - Math.exp(-2 * h);
                    x[k] = sT / sS * Math.exp(-h) * x[k] + aT * e2 * (x0[k] + 0.5 * d1) + sT * Math.sqrt(e2) * z[k];
                } else {
                    x[k] = sT / sS * x[k] - aT * (Math.exp(-h) - 1) * (x0[k] + 0.5 * d1);
                }
            }
        }
    }
}
