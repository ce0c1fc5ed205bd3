package drift.scan.jvm.internal;

import drift.scan.jvm.internal.ClassFacts.Annotation;
import drift.scan.jvm.internal.ClassFacts.MethodFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Entry points and HTTP endpoints, by annotation and supertype name only (no framework on the class path):
 * {@code public static void main(String[])}, servlet methods, Spring's {@code @RequestMapping} family and
 * JAX-RS's {@code @Path} and method annotations; as entry points only, the methods a framework calls on its own
 * (scheduled jobs, message and event listeners, start-up runners, Quartz jobs, servlet filters, Micronaut's routes).
 * An endpoint becomes a contract's backend side: method, path (the class's prefix and the method's), and the response
 * fields of the DTO it returns.
 */
final class Web {
    private static final String SPRING = "Lorg/springframework/web/bind/annotation/";
    private static final Map<String, String> SPRING_METHODS = Map.of(SPRING + "GetMapping;", "GET", SPRING + "PostMapping;", "POST",
            SPRING + "PutMapping;", "PUT", SPRING + "DeleteMapping;", "DELETE", SPRING + "PatchMapping;", "PATCH");
    /** The methods a contract can have (Spring's RequestMethod.TRACE is not one: such a mapping is no endpoint). */
    static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final String REQUEST_MAPPING = SPRING + "RequestMapping;";
    private static final String FEIGN_CLIENT = "Lorg/springframework/cloud/openfeign/FeignClient;";
    private static final List<String> JAX_RS = List.of("Ljavax/ws/rs/", "Ljakarta/ws/rs/");
    private static final Set<String> SERVLET_METHODS = Set.of("service", "doGet", "doPost", "doPut", "doDelete", "doHead", "doOptions",
            "doTrace", "doPatch");
    /**
     * Methods a framework calls on its own, by annotation: scheduled jobs, message and event listeners, and HTTP
     * routes of frameworks whose endpoints are not read as contracts (Micronaut's).
     */
    private static final Set<String> CALLED_BY_FRAMEWORK = Set.of(
            "Lorg/springframework/scheduling/annotation/Scheduled;", "Lorg/springframework/scheduling/annotation/Schedules;",
            "Lorg/springframework/kafka/annotation/KafkaListener;", "Lorg/springframework/amqp/rabbit/annotation/RabbitListener;",
            "Lorg/springframework/jms/annotation/JmsListener;", "Lio/awspring/cloud/sqs/annotation/SqsListener;",
            "Lorg/springframework/context/event/EventListener;",
            "Lorg/springframework/transaction/event/TransactionalEventListener;",
            "Lio/micronaut/scheduling/annotation/Scheduled;", "Lio/quarkus/scheduler/Scheduled;",
            "Lorg/eclipse/microprofile/reactive/messaging/Incoming;",
            "Lio/micronaut/http/annotation/Get;", "Lio/micronaut/http/annotation/Post;", "Lio/micronaut/http/annotation/Put;",
            "Lio/micronaut/http/annotation/Delete;", "Lio/micronaut/http/annotation/Patch;");
    /** Methods a framework calls on the subtypes of its types: servlet methods, runners at start-up, jobs, filters. */
    private static final Map<String, Set<String>> CALLED_ON_SUBTYPES = Map.of(
            "javax/servlet/http/HttpServlet", SERVLET_METHODS,
            "jakarta/servlet/http/HttpServlet", SERVLET_METHODS,
            "org/springframework/boot/CommandLineRunner", Set.of("run"),
            "org/springframework/boot/ApplicationRunner", Set.of("run"),
            "org/quartz/Job", Set.of("execute"),
            "javax/servlet/Filter", Set.of("doFilter"),
            "jakarta/servlet/Filter", Set.of("doFilter"));
    /** Their names: only a method of one of these names needs its class's supertypes looked at. */
    private static final Set<String> CALLED_ON_SUBTYPES_NAMES = CALLED_ON_SUBTYPES.values().stream()
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    private Web() {
    }

    /** Whether outside code calls the method: a main, a method a framework calls, an HTTP handler. */
    static boolean entryPoint(Hierarchy h, ClassFacts c, MethodFacts m) {
        if (m.name.equals("main") && m.desc.equals("([Ljava/lang/String;)V") && m.isStatic() && m.isPublic()) {
            return true;
        }
        if (!m.isStatic() && CALLED_ON_SUBTYPES_NAMES.contains(m.name)
                && h.supertypes(c.name).stream().anyMatch(t -> CALLED_ON_SUBTYPES.getOrDefault(t, Set.of()).contains(m.name))) {
            return true;
        }
        for (Annotation a : m.annotations) {
            if (CALLED_BY_FRAMEWORK.contains(a.desc())) {
                return true;
            }
        }
        return !endpoints(c, m).isEmpty() || jaxRsPath(m) != null;
    }

    /** The endpoints a handler method serves: (HTTP method, path) pairs, with the framework. */
    record Endpoint(String method, String path, String framework) {
    }

    static List<Endpoint> endpoints(ClassFacts c, MethodFacts m) {
        List<Endpoint> out = new ArrayList<>();
        if (c.annotation(FEIGN_CLIENT) != null) {
            return out; // the same annotations on an HTTP client's interface: the calls it makes, not endpoints it serves
        }
        Annotation classMapping = c.annotation(REQUEST_MAPPING);
        String prefix = classMapping == null ? "" : path(classMapping);
        for (Annotation a : m.annotations) {
            String method = SPRING_METHODS.get(a.desc());
            if (method != null) {
                out.add(new Endpoint(method, join(prefix, path(a)), "spring"));
            } else if (a.desc().equals(REQUEST_MAPPING)) {
                List<String> methods = a.strings("method");
                // no method: Spring maps every one; GET is what a client of a contract calls
                for (String verb : methods.isEmpty() ? List.of("GET") : methods) {
                    if (VERBS.contains(verb)) {
                        out.add(new Endpoint(verb, join(prefix, path(a)), "spring"));
                    }
                }
            }
        }
        for (String pkg : JAX_RS) {
            for (String verb : VERBS) {
                if (m.annotation(pkg + verb + ";") != null) {
                    Annotation classPath = c.annotation(pkg + "Path;");
                    Annotation methodPath = m.annotation(pkg + "Path;");
                    out.add(new Endpoint(verb, join(classPath == null ? "" : classPath.string("value"),
                            methodPath == null ? "" : methodPath.string("value")), "jax-rs"));
                }
            }
        }
        return out;
    }

    private static String jaxRsPath(MethodFacts m) {
        for (String pkg : JAX_RS) {
            Annotation a = m.annotation(pkg + "Path;");
            if (a != null) {
                return a.string("value");
            }
        }
        return null;
    }

    private static String path(Annotation a) {
        String v = a.string("value");
        return v != null ? v : a.string("path") == null ? "" : a.string("path");
    }

    static String join(String prefix, String path) {
        String a = prefix == null ? "" : prefix.strip();
        String b = path == null ? "" : path.strip();
        String joined = (a.isEmpty() ? "" : "/" + a.replaceAll("^/+|/+$", "")) + (b.isEmpty() ? "" : "/" + b.replaceAll("^/+|/+$", ""));
        return joined.isEmpty() ? "/" : joined.replaceAll("/{2,}", "/");
    }
}
