package shopassist.opensearch;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * One OpenSearch node in this JVM, with its modules and plugins loaded from the classpath
 * (the jars Maven resolved) instead of a distribution's modules/ and plugins/ folders.
 *
 * <p>Arguments are OpenSearch settings as {@code key=value} ({@code path.home} is required);
 * the defaults bind to loopback only and form a single-node cluster unless
 * {@code discovery.seed_hosts} is given. SIGTERM closes the node cleanly.
 */
public final class LoopbackNode extends Node {

    /**
     * What the assistant uses: HTTP/transport, the english analyzer, painless, k-NN, and the
     * hybrid query with its search pipelines. By name: k-NN and neural-search come from the
     * unpacked plugin zips, which are on the runtime classpath only.
     */
    static final List<String> PLUGINS = List.of(
        "org.opensearch.transport.Netty4Plugin",
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "org.opensearch.painless.PainlessPlugin",
        "org.opensearch.knn.plugin.KNNPlugin",
        "org.opensearch.neuralsearch.plugin.NeuralSearch");

    private LoopbackNode(Environment environment, List<Class<? extends Plugin>> plugins) {
        // Classpath plugins skip the distribution's plugin version check (see the pom:
        // the plugin versions are pinned to the server's there instead).
        super(environment, plugins, true);
    }

    static List<Class<? extends Plugin>> pluginClasses() throws ClassNotFoundException {
        List<Class<? extends Plugin>> classes = new ArrayList<>();
        for (String name : PLUGINS) {
            classes.add(Class.forName(name).asSubclass(Plugin.class));
        }
        return classes;
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder()
            .put("cluster.name", "shopassist")
            .put("node.name", "shopassist-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", "9200")
            .put("transport.port", "9300")
            // A test or laptop disk that is 90% full must not turn indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are OpenSearch settings as key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (builder.get("path.home") == null) {
            throw new IllegalArgumentException("path.home=<folder> is required (data and logs go under it by default)");
        }
        if (builder.get("discovery.seed_hosts") == null) {
            builder.put("discovery.type", "single-node");
        }
        Path home = Path.of(builder.get("path.home")).toAbsolutePath();
        Path config = home.resolve("config");
        Files.createDirectories(config);
        try (InputStream in = LoopbackNode.class.getResourceAsStream("/log4j2.properties")) {
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        String nodeName = builder.get("node.name");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            builder.build(), Collections.emptyMap(), config, () -> nodeName);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(environment);
        Files.createDirectories(environment.pluginsFile());
        Files.createDirectories(environment.modulesFile());

        LoopbackNode node = new LoopbackNode(environment, pluginClasses());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "shopassist-node-shutdown"));
        node.start();
        System.out.println("shopassist opensearch node started: http://" + environment.settings().get("network.host")
            + ":" + environment.settings().get("http.port"));
        stopped.await();
    }
}
