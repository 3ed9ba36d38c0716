package dev.netctx.bench;

import java.util.ArrayList;
import java.util.List;

/** The client's I/O threads: how the connections or peers are spread over them, and running them. */
final class IoThreads {

    private IoThreads() {
    }

    /** Splits {@code items} round-robin into {@code threads} groups (fewer when there are fewer items). */
    static <T> List<List<T>> spread(List<T> items, int threads) {
        List<List<T>> groups = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i < threads) {
                groups.add(new ArrayList<>());
            }
            groups.get(i % threads).add(items.get(i));
        }
        return groups;
    }

    /** Runs each worker on a thread of its own, named {@code name} and its index, and waits for all. */
    static void runAll(List<? extends Runnable> workers, String name) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        for (Runnable worker : workers) {
            Thread thread = new Thread(worker, name + running.size());
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
    }
}
