import io.tachyon.analysis.internal.DefaultCaptureModelFactory;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.storage.internal.TcapCaptureStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;

/**
 * What a capture model keeps on the heap, measured: the heap in use after a full collection with the model
 * open, less the heap in use before, divided by the samples; and the peak heap while it was built. Run with the
 * serial collector, whose System.gc() is a full collection. The model is opened without symbol resolvers, so
 * the figure is the model's own (the names it holds are those embedded in the capture).
 *
 * <pre>java -XX:+UseSerialGC -Xmx2g -cp CLASSPATH ModelMemory CAPTURE</pre>
 */
public final class ModelMemory {

    private ModelMemory() {
    }

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store());
        System.gc();
        long before = usedHeap();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        CaptureModel model = factory.open(capture);
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = usedHeap() - before;
        long samples = model.sampleCount();
        System.out.printf("%d samples: model retains %.1f MiB, %.1f bytes a sample; heap while building at most %.1f MiB (sum of the pools' peaks)%n",
                samples, retained / 1048576.0, (double) retained / Math.max(1, samples), peak / 1048576.0);
        Reference.reachabilityFence(model);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static CaptureStore store() {
        return new TcapCaptureStore((TcapCaptureStore.Config) Proxy.newProxyInstance(
                ModelMemory.class.getClassLoader(), new Class<?>[] {TcapCaptureStore.Config.class},
                (proxy, method, arguments) -> method.getDefaultValue()));
    }
}
