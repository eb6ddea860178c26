package dev.jsignals.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The annotation processor's checks, each tested by compiling a source for real. */
class ReceiverProcessorTest {
  @TempDir Path dir;

  private String errorFor(String members) throws Exception {
    String source =
"""
        package com.example;
        import dev.jsignals.core.*;
import dev.jsignals.dispatch.*;
        public class Receivers {
        %s
        }
        """
            .formatted(members);
    return Compilation.compile(dir, Map.of("com.example.Receivers", source)).singleError();
  }

  @Test
  void validReceiversCompileIntoAnIndexAndARegistrar() throws Exception {
    Compilation result =
        Compilation.compile(
            dir,
            Map.of(
                "com.example.Receivers",
"""
                package com.example;
                import dev.jsignals.core.*;
import dev.jsignals.dispatch.*;
                final class Receivers {
                  @Receiver(dispatchUid = "users.create-profile")
                  static void createProfile(PostSave<StringBuilder> event) {}
                  @Receiver void onDelete(PreDelete<StringBuilder> event) {}
                }
                """));

    assertThat(result.errors()).isEmpty();
    assertThat(result.success()).isTrue();
    String index = Files.readString(result.output().resolve("META-INF/jsignals/receivers"));
    assertThat(index)
        .containsPattern(
            "com\\.example\\.Receivers#createProfile\\(dev\\.jsignals\\.core\\.PostSave\\)"
                + " com\\.example\\.JsignalsReceivers_[0-9a-f]{8}\n")
        .contains("com.example.Receivers#onDelete(dev.jsignals.core.PreDelete)");
    try (var generated = Files.list(result.output().resolve("com/example"))) {
      assertThat(generated.map(p -> p.getFileName().toString()).toList())
          .anyMatch(name -> name.matches("JsignalsReceivers_[0-9a-f]{8}\\.class"));
    }
  }

  @Test
  void methodWithoutParameterFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver static void onSave() {}"))
        .isEqualTo(
            "@Receiver method com.example.Receivers#onSave: must take exactly one parameter, the"
                + " event (for example PostSave<User> event), but takes 0.");
  }

  @Test
  void methodWithTwoParametersFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver static void onSave(PostSave<String> a, String b) {}"))
        .contains("#onSave: must take exactly one parameter")
        .contains("takes 2");
  }

  @Test
  void parameterThatIsNotAnEventFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver static void onSave(String text) {}"))
        .contains("Receivers#onSave: its parameter type java.lang.String is not an event type");
    assertThat(errorFor("@Receiver static void onCount(int count) {}"))
        .contains("its parameter type int is not an event type");
  }

  @Test
  void privateMethodFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver private static void onSave(PostSave<String> e) {}"))
        .contains("Receivers#onSave: must not be private");
  }

  @Test
  void instanceMethodOfAnAbstractClassFailsTheBuild() throws Exception {
    String source =
"""
        package com.example;
        import dev.jsignals.core.*;
import dev.jsignals.dispatch.*;
        abstract class Receivers {
          @Receiver void onSave(PostSave<String> e) {}
        }
        """;
    assertThat(Compilation.compile(dir, Map.of("com.example.Receivers", source)).singleError())
        .contains("Receivers#onSave: is an instance method of an abstract class")
        .contains("Make the method static");
  }

  @Test
  void instanceMethodOfAnInnerClassFailsTheBuild() throws Exception {
    assertThat(errorFor("class Inner { @Receiver void onSave(PostSave<String> e) {} }"))
        .contains("com.example.Receivers$Inner#onSave: is an instance method");
  }

  @Test
  void senderThatContradictsTheTypeArgumentFailsTheBuild() throws Exception {
    assertThat(
            errorFor("@Receiver(sender = Integer.class) static void onSave(PostSave<String> e) {}"))
        .contains(
            "says sender = java.lang.Integer.class but its parameter is typed for"
                + " java.lang.String");
  }

  @Test
  void weakStaticReceiverFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver(weak = true) static void onSave(PostSave<String> e) {}"))
        .contains("is static but says weak = true");
  }

  @Test
  void durableReceiverOfAPreSignalFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver(durable = true) static void onSave(PreSave<String> e) {}"))
        .contains("says durable = true but takes")
        .contains("PostSave, PostDelete or M2MChanged");
  }

  @Test
  void durableReceiverWithoutTheOutboxOnTheClassPathFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver(durable = true) static void onSave(PostSave<String> e) {}"))
        .contains("signals-outbox is not on the compile class path");
  }

  @Test
  void durableWeakReceiverFailsTheBuild() throws Exception {
    assertThat(
            errorFor("@Receiver(durable = true, weak = true) void onSave(PostSave<String> e) {}"))
        .contains("says durable = true and weak = true");
  }

  @Test
  void blankUidFailsTheBuild() throws Exception {
    assertThat(errorFor("@Receiver(dispatchUid = \" \") static void onSave(PostSave<String> e) {}"))
        .contains("has a blank dispatchUid");
  }

  @Test
  void privateDeclaringClassFailsTheBuild() throws Exception {
    assertThat(
            errorFor(
                "private static class Hidden { @Receiver static void on(PostSave<String> e) {} }"))
        .contains("its declaring class must not be private");
  }
}
