package io.egressgate.server.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The YAML documents of one file under deploy/, and small ways to walk them. */
public record Manifests(Path file, List<Map<String, Object>> documents) {

    @SuppressWarnings("unchecked")
    public static Manifests of(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().setLabel(file.toString()).build())
                .loadAllFromString(Repository.read(file))) {
            if (document != null) {
                if (!(document instanceof Map)) {
                    throw new AssertionError(file + " holds a YAML document that is not a mapping: " + document);
                }
                documents.add((Map<String, Object>) document);
            }
        }
        return new Manifests(file, List.copyOf(documents));
    }

    /** The one object of this kind and name. */
    public Map<String, Object> get(String kind, String name) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))
                && name.equals(map(d, "metadata").get("name"))).toList();
        if (found.size() != 1) {
            throw new AssertionError(file + " holds " + found.size() + " " + kind + " named " + name + ", not one");
        }
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("'" + key + "' is not a mapping in " + parent.keySet());
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError("'" + key + "' is not a list in " + parent.keySet());
        }
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Map<String, Object> parent, String key) {
        return ((List<Object>) parent.get(key)).stream().map(String::valueOf).toList();
    }

    /** The pod template's spec of a Deployment, StatefulSet or DaemonSet. */
    public static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload, "spec"), "template"), "spec");
    }

    public static Map<String, Object> named(List<Map<String, Object>> items, String name) {
        return items.stream().filter(i -> name.equals(i.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing named " + name + " in " + items));
    }
}
