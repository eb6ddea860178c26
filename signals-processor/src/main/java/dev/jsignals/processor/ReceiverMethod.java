package dev.jsignals.processor;

import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * One checked {@code @Receiver} method, as the generated registrar needs it.
 *
 * @param declaringType the canonical name of the declaring class, for source code
 * @param binaryType the binary name of the declaring class, for names and uids
 * @param method the method name
 * @param isStatic whether it is static
 * @param weak whether its instance is held weakly
 * @param durable whether it is delivered through the outbox
 * @param parameterType the parameter type as source code ({@code PostSave<com.example.User>})
 * @param eventClass the parameter's erasure as source code
 * @param sender the sender class as source code, or {@code null} for any sender
 * @param uid the dispatch uid
 */
record ReceiverMethod(
    String declaringType,
    String binaryType,
    String method,
    boolean isStatic,
    boolean weak,
    boolean durable,
    String parameterType,
    String eventClass,
    String sender,
    String uid) {

  String name() {
    return binaryType + "#" + method;
  }

  String indexLine(String registrar) {
    return name() + "(" + eventClass + ") " + registrar;
  }

  /** Applies the rules to one annotated method. */
  static final class Checker {
    private final ProcessingEnvironment env;
    private final ExecutableElement method;
    private ReceiverMethod result;

    Checker(ProcessingEnvironment env, ExecutableElement method) {
      this.env = env;
      this.method = method;
    }

    ReceiverMethod result() {
      return result;
    }

    /** Returns the broken rule's text, or null when the method is valid. */
    String problem() {
      TypeElement type = (TypeElement) method.getEnclosingElement();
      boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
      List<? extends VariableElement> parameters = method.getParameters();
      if (parameters.size() != 1) {
        return Rules.text("oneParameter", parameters.size());
      }
      if (method.getModifiers().contains(Modifier.PRIVATE)) {
        return Rules.text("notPrivate");
      }
      if (ReceiverProcessor.isPrivateOrInPrivate(type)) {
        return Rules.text("classNotPrivate");
      }
      Types types = env.getTypeUtils();
      TypeMirror parameter = parameters.get(0).asType();
      if (parameter.getKind() != TypeKind.DECLARED) {
        return Rules.text("eventType", parameter.toString());
      }
      TypeElement eventType = (TypeElement) ((DeclaredType) parameter).asElement();
      String eventName = env.getElementUtils().getBinaryName(eventType).toString();
      boolean model = Rules.MODEL_EVENTS.contains(eventName);
      if (!model && !Rules.customEventCandidate(eventName)) {
        return Rules.text("eventType", parameter.toString());
      }
      Map<String, Object> values = attributes();
      boolean weak = Boolean.TRUE.equals(values.get("weak"));
      if (isStatic && weak) {
        return Rules.text("weakStatic");
      }
      boolean durable = Boolean.TRUE.equals(values.get("durable"));
      if (durable && weak) {
        return Rules.text("durableWeak");
      }
      if (durable && !List.of(Rules.text("durableEvents").split(",")).contains(eventName)) {
        return Rules.text("durableEvent", parameter.toString());
      }
      if (durable && env.getElementUtils().getTypeElement(Rules.text("durableOutbox")) == null) {
        return Rules.text("durableNeedsOutbox");
      }
      if (!isStatic && !ReceiverProcessor.isSuppliable(type)) {
        return Rules.text("instantiable");
      }
      String uid = (String) values.getOrDefault("dispatchUid", "");
      if (!uid.isEmpty() && uid.isBlank()) {
        return Rules.text("blankUid");
      }
      TypeMirror declared = (TypeMirror) values.get("sender");
      if (declared != null && declared.getKind() == TypeKind.VOID) {
        declared = null;
      }
      String sender = declared == null ? null : types.erasure(declared).toString();
      if (model && !eventName.equals(Rules.M2M_CHANGED)) {
        TypeMirror argument = ReceiverProcessor.firstTypeArgument(parameter);
        if (argument != null && argument.getKind() == TypeKind.DECLARED) {
          String fromType = types.erasure(argument).toString();
          if (sender != null && !sender.equals(fromType)) {
            return Rules.text("senderMismatch", sender, fromType);
          }
          sender = fromType;
        }
      }
      String binary = env.getElementUtils().getBinaryName(type).toString();
      String name = method.getSimpleName().toString();
      result =
          new ReceiverMethod(
              type.getQualifiedName().toString(),
              binary,
              name,
              isStatic,
              weak,
              durable,
              parameter.toString(),
              types.erasure(parameter).toString(),
              sender,
              uid.isEmpty() ? binary + "#" + name : uid);
      return null;
    }

    private Map<String, Object> attributes() {
      Map<String, Object> values = new java.util.HashMap<>();
      for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
        TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
        if (!annotation.getQualifiedName().contentEquals("dev.jsignals.core.Receiver")) {
          continue;
        }
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
            mirror.getElementValues().entrySet()) {
          values.put(entry.getKey().getSimpleName().toString(), entry.getValue().getValue());
        }
      }
      return values;
    }
  }
}
