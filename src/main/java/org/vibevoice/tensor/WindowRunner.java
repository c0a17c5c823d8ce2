package org.vibevoice.tensor;

/**
 * Runs the window kernels ({@link PackedLinear}, {@link DepthwiseConv1d}) over all threads. A
 * linear map is split into a grid of (row block × column panels) chunks claimed dynamically: many
 * windows (low tokenizer stages) split over rows and single panels; a few windows (the 2048-channel
 * stages: up to {@link PackedLinear#streamRows()} time steps) split over groups of panels streamed
 * together, so that every weight byte is read from memory once. An optional epilogue
 * post-processes each finished chunk while it is still in cache.
 *
 * <p>One instance per stream state: it holds the arguments of the call in flight, so running it
 * allocates nothing. Not for concurrent use.
 */
public final class WindowRunner implements Parallel.Body {
    /** In-place post-processing of output rows [r0, r1), columns [c0, c1) (row r at y[yOff[r]..]). */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] y, int[] yOff, int r0, int r1, int c0, int c1);
    }

    private static final int MAX_ROW_BLOCK = 64;
    private static final int DEPTHWISE_ROW_BLOCK = 32;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[4 * PackedLinear.PANEL]);

    private PackedLinear linear;
    private DepthwiseConv1d depthwise;
    private float[] scale;
    private float[] x;
    private int[] xOff;
    private float[] y;
    private int[] yOff;
    private int rows;
    private Epilogue epilogue;
    private int rowBlock;
    private int rowBlocks;
    private int group;

    /** y rows ← W · x windows + bias, then the epilogue, for windows 0 ≤ r &lt; rows. */
    public void multiply(PackedLinear w, float[] x, int[] xOff, int rows, float[] y, int[] yOff, Epilogue epilogue) {
        if (rows <= 0) {
            return;
        }
        int panels = w.panels();
        int block;
        if (rows <= w.streamRows()) {
            block = rows;
            group = PackedLinear.GROUP;
        } else {
            int target = 4 * Parallel.threads();
            block = MAX_ROW_BLOCK;
            while (block > 4 && ceilDiv(rows, block) * panels < target) {
                block /= 2;
            }
            group = 1;
        }
        start(x, xOff, rows, y, yOff, block);
        this.linear = w;
        this.epilogue = epilogue;
        dispatch(rowBlocks * ceilDiv(panels, group));
    }

    /**
     * out rows ← depthwise conv of the x windows ({@code scale} null), or out += scale · conv,
     * for outputs 0 ≤ r &lt; rows.
     */
    public void depthwise(DepthwiseConv1d dw, float[] x, int[] xOff, int rows, float[] out, int[] outOff, float[] scale) {
        if (rows <= 0) {
            return;
        }
        start(x, xOff, rows, out, outOff, DEPTHWISE_ROW_BLOCK);
        this.depthwise = dw;
        this.scale = scale;
        dispatch(rowBlocks);
    }

    private void start(float[] x, int[] xOff, int rows, float[] y, int[] yOff, int block) {
        this.x = x;
        this.xOff = xOff;
        this.y = y;
        this.yOff = yOff;
        this.rows = rows;
        this.rowBlock = block;
        this.rowBlocks = ceilDiv(rows, block);
    }

    private void dispatch(int chunks) {
        try {
            Parallel.forEach(chunks, this);
        } finally {
            linear = null;
            depthwise = null;
            scale = null;
            epilogue = null;
            x = null;
            y = null;
        }
    }

    @Override
    public void run(int chunk) {
        int r0 = (chunk % rowBlocks) * rowBlock;
        int r1 = Math.min(rows, r0 + rowBlock);
        if (depthwise != null) {
            depthwise.forward(x, xOff, y, yOff, scale, r0, r1);
            return;
        }
        int p0 = (chunk / rowBlocks) * group;
        int p1 = Math.min(linear.panels(), p0 + group);
        linear.multiply(x, xOff, y, yOff, r0, r1, p0, p1, TILE.get());
        if (epilogue != null) {
            epilogue.apply(y, yOff, r0, r1, linear.panelStart(p0), linear.panelEnd(p1 - 1));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
