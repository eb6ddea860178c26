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
 * @param async whether it returns a {@code CompletionStage}
 * @param detached whether a send leaves its stage running instead of waiting for it
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
    boolean async,
    boolean detached,
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

    /** Returns the broken rule's full message, or null when the method is valid. */
    String problem() {
      TypeElement type = (TypeElement) method.getEnclosingElement();
      boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
      List<? extends VariableElement> parameters = method.getParameters();
      Types types = env.getTypeUtils();
      TypeMirror parameter = parameters.size() == 1 ? parameters.get(0).asType() : null;
      String eventName = null;
      String typed = null;
      if (parameter != null && parameter.getKind() == TypeKind.DECLARED) {
        TypeElement eventType = (TypeElement) ((DeclaredType) parameter).asElement();
        eventName = env.getElementUtils().getBinaryName(eventType).toString();
        TypeMirror argument = ReceiverProcessor.firstTypeArgument(parameter);
        if (ReceiverRules.MODEL_EVENTS.contains(eventName)
            && !eventName.equals(ReceiverRules.M2M_CHANGED)
            && argument != null
            && argument.getKind() == TypeKind.DECLARED) {
          typed = types.erasure(argument).toString();
        }
      }
      Map<String, Object> values = attributes();
      boolean weak = Boolean.TRUE.equals(values.get("weak"));
      boolean durable = Boolean.TRUE.equals(values.get("durable"));
      String uid = (String) values.getOrDefault("dispatchUid", "");
      TypeMirror declared = (TypeMirror) values.get("sender");
      if (declared != null && declared.getKind() == TypeKind.VOID) {
        declared = null;
      }
      String sender = declared == null ? null : types.erasure(declared).toString();
      Object awaitValue = values.get("await");
      String await =
          awaitValue instanceof VariableElement constant
              ? constant.getSimpleName().toString()
              : ReceiverRules.UNDECLARED;
      TypeElement stage = env.getElementUtils().getTypeElement(ReceiverRules.STAGE);
      boolean async =
          method.getReturnType().getKind() == TypeKind.DECLARED
              && types.isAssignable(
                  types.erasure(method.getReturnType()), types.erasure(stage.asType()));
      String binary = env.getElementUtils().getBinaryName(type).toString();
      String name = method.getSimpleName().toString();
      String problem =
          ReceiverRules.problem(
              ReceiverRules.Where.COMPILE,
              new ReceiverRules.Method(
                  binary,
                  name,
                  parameters.size(),
                  parameter == null ? "" : parameter.toString(),
                  eventName,
                  isStatic,
                  method.getModifiers().contains(Modifier.PRIVATE),
                  ReceiverProcessor.isPrivateOrInPrivate(type),
                  ReceiverProcessor.isSuppliable(type),
                  async,
                  await,
                  weak,
                  durable,
                  durable
                      && env.getElementUtils().getTypeElement(ReceiverRules.DURABLE_OUTBOX) != null,
                  uid,
                  sender,
                  typed));
      if (problem != null) {
        return problem;
      }
      result =
          new ReceiverMethod(
              type.getQualifiedName().toString(),
              binary,
              name,
              isStatic,
              weak,
              durable,
              async,
              ReceiverRules.DETACH.equals(await),
              parameter.toString(),
              types.erasure(parameter).toString(),
              sender != null ? sender : typed,
              uid.isEmpty() ? binary + "#" + name : uid);
      return null;
    }

    private Map<String, Object> attributes() {
      Map<String, Object> values = new java.util.HashMap<>();
      for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
        TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
        if (!annotation.getQualifiedName().contentEquals(ReceiverRules.RECEIVER)) {
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
