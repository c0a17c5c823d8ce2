package org.vibevoice.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;

class DiffusionHeadTest {
    static DiffusionHeadConfig config(int hidden, int layers, double ratio, int latent) {
        return new DiffusionHeadConfig(hidden, layers, ratio, latent, 1e-5, "v_prediction", 1000, "cosine", 20);
    }

    @Test
    void forwardMatchesTheScalarTwinOnOddSizes() {
        for (int[] dims : new int[][] {{24, 3, 10}, {37, 1, 7}, {16, 2, 64}}) {
            DiffusionHeadConfig cfg = config(dims[0], dims[1], 2.5, dims[2]);
            DiffusionHead.Source weights = DiffusionHead.source(RandomHeads.weights(cfg, DType.F32, dims[0]));
            DiffusionHead head = new DiffusionHead(cfg, weights);
            SplittableRandom rw = new SplittableRandom(dims[0]);
            assertThat(head.ffnSize()).isEqualTo((int) (dims[0] * 2.5));
            int n = 5;
            float[] noisy = RandomHeads.normal(rw, n * cfg.latentSize());
            float[] cond = RandomHeads.normal(rw, n * cfg.hiddenSize());
            float[] t = {999, 0, 500, 37.5f, 1};
            float[] out = new float[n * cfg.latentSize()];
            head.forward(noisy, t, cond, n, out, head.newWorkspace());
            ReferenceHead ref = new ReferenceHead(cfg, weights);
            for (int r = 0; r < n; r++) {
                double[] want = ref.forward(noisy, r * cfg.latentSize(), t[r], cond, r * cfg.hiddenSize());
                for (int k = 0; k < want.length; k++) {
                    assertThat((double) out[r * cfg.latentSize() + k]).as("row %d col %d of %s", r, k, cfg)
                            .isCloseTo(want[k], org.assertj.core.data.Offset.offset(2e-5 * Math.max(1, Math.abs(want[k]))));
                }
            }
        }
    }

    @Test
    void splitForwardEqualsTheWholeForward() {
        DiffusionHeadConfig cfg = config(20, 2, 3.0, 6);
        DiffusionHead head = RandomHeads.head(cfg, DType.BF16, 3);
        SplittableRandom rw = new SplittableRandom(3);
        int n = 3;
        float[] noisy = RandomHeads.normal(rw, n * 6);
        float[] cond = RandomHeads.normal(rw, n * 20);
        float[] t = {700, 700, 700};
        float[] whole = new float[n * 6];
        DiffusionHead.Workspace ws = head.newWorkspace();
        head.forward(noisy, t, cond, n, whole, ws);
        float[] temb = new float[20];
        head.timestepEmbedding(new float[] {700}, 1, temb, ws);
        float[] c = new float[n * 20];
        head.projectCondition(cond, n, c);
        for (int i = 0; i < c.length; i++) {
            c[i] += temb[i % 20];
        }
        float[] split = new float[n * 6];
        head.predict(noisy, c, n, split, ws);
        Close.assertClose(split, whole, 1e-6, "split forward");
    }

    @Test
    void weightsOfTheWrongShapeNameTheTensor() {
        DiffusionHeadConfig cfg = config(16, 1, 3.0, 8);
        DiffusionHead.Source good = DiffusionHead.source(RandomHeads.weights(cfg, DType.F32, 1));
        Matrix wrong = DiffusionHead.source(RandomHeads.weights(config(16, 1, 47 / 16.0, 8), DType.F32, 2))
                .matrix("layers.0.ffn.gate_proj.weight");
        DiffusionHead.Source bad = new DiffusionHead.Source() {
            public Matrix matrix(String name) {
                return name.equals("layers.0.ffn.up_proj.weight") ? wrong : good.matrix(name);
            }

            public float[] vector(String name) {
                return good.vector(name);
            }
        };
        assertThatThrownBy(() -> new DiffusionHead(cfg, bad)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("model.prediction_head.layers.0.ffn.up_proj.weight is [47, 16]")
                .hasMessageContaining("[48, 16]");
    }
}
