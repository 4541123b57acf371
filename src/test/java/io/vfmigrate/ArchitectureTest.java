package io.vfmigrate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of ARCHITECTURE.md: imports point down only; the lab sits beside the stack. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vfmigrate");
  }

  @Test
  void modelImportsNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vfmigrate.host..",
            "io.vfmigrate.tools..",
            "io.vfmigrate.workflow..",
            "io.vfmigrate.lab..",
            "io.vfmigrate.cli..")
        .check(classes);
  }

  @Test
  void hostDependsOnlyOnModel() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.host..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vfmigrate.tools..",
            "io.vfmigrate.workflow..",
            "io.vfmigrate.lab..",
            "io.vfmigrate.cli..")
        .check(classes);
  }

  @Test
  void toolsDoNotReachUp() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vfmigrate.workflow..", "io.vfmigrate.lab..", "io.vfmigrate.cli..")
        .check(classes);
  }

  @Test
  void workflowNeverKnowsWhichHostItTalksTo() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vfmigrate.lab..",
            "io.vfmigrate.host.local..",
            "io.vfmigrate.host.ssh..",
            "io.vfmigrate.cli..")
        .check(classes);
  }

  @Test
  void workflowNeverKnowsWhereTheJournalIsKept() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vfmigrate.journal..")
        .check(classes);
  }

  @Test
  void theSqliteJournalDependsOnlyOnTheJournalPortModelAndJdk() {
    classes()
        .that()
        .resideInAPackage("io.vfmigrate.journal.sqlite..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.vfmigrate.journal.sqlite..",
            "io.vfmigrate.workflow.journal..",
            "io.vfmigrate.model..",
            "java..")
        .check(classes);
  }

  @Test
  void onlyTheCliWiresInTheSqliteJournal() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.vfmigrate.cli..", "io.vfmigrate.journal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vfmigrate.journal..")
        .check(classes);
  }

  @Test
  void labDependsOnlyOnModelAndTheHostPort() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.lab..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vfmigrate.tools..",
            "io.vfmigrate.workflow..",
            "io.vfmigrate.cli..",
            "io.vfmigrate.host.local..",
            "io.vfmigrate.host.ssh..")
        .check(classes);
  }

  @Test
  void onlyTheCliPrints() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.vfmigrate.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(classes);
  }

  /**
   * The lab's time is virtual ({@code VirtualClock}: sleeping advances {@code clock_ms}), so a lab
   * migration of minutes takes no wall time. Only the store waits in real time, for another
   * process's lock on the lab's files.
   */
  @Test
  void labTimeIsVirtual() {
    noClasses()
        .that()
        .resideInAPackage("io.vfmigrate.lab..")
        .and()
        .doNotHaveFullyQualifiedName("io.vfmigrate.lab.LabStore")
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callMethod(Thread.class, "sleep", java.time.Duration.class)
        .orShould()
        .callMethod(Object.class, "wait", long.class)
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.vfmigrate.host.SystemClock")
        .check(classes);
  }

  /**
   * The lab as one emulated machine: only {@code lab.machine} changes the lab's state. Outside it
   * (tool front ends, the host port, the CLI) no code sets a field of a state class, and none calls
   * a mutator ({@code add}, {@code put}, {@code remove}, ...) on a state collection it has just
   * read ({@code host.vms.add(vm)}, {@code nic.vfs.clear()}). The state classes' own initializers,
   * and {@code LabSpec.revision} (the persisted file's change counter, kept by the store), are not
   * host state. The collection check is by line (ArchUnit sees no data flow): a state collection
   * read on the line of a mutator call counts, so code that passes one to a mutator of its own map
   * reads it into a local first; a mutation through a helper method is not seen.
   */
  @Test
  void onlyTheMachineChangesLabState() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.vfmigrate.lab.machine..", "io.vfmigrate.lab.state..")
        .should(changeLabState())
        .check(classes);
  }

  private static final String LAB_STATE = "io.vfmigrate.lab.state";
  private static final Set<String> MUTATORS =
      Set.of(
          "add",
          "addAll",
          "addFirst",
          "addLast",
          "clear",
          "compute",
          "computeIfAbsent",
          "computeIfPresent",
          "merge",
          "put",
          "putAll",
          "putIfAbsent",
          "remove",
          "removeAll",
          "removeIf",
          "replace",
          "replaceAll",
          "retainAll",
          "set",
          "sort");

  private static ArchCondition<JavaClass> changeLabState() {
    return new ArchCondition<>("change lab state (only io.vfmigrate.lab.machine may)") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (JavaFieldAccess access : item.getFieldAccessesFromSelf()) {
          if (access.getAccessType() == JavaFieldAccess.AccessType.SET
              && isState(access.getTargetOwner())
              && !access.getTarget().getName().equals("revision")) {
            events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
          }
        }
        for (JavaCodeUnit unit : item.getCodeUnits()) {
          for (JavaFieldAccess read : unit.getFieldAccesses()) {
            if (read.getAccessType() != JavaFieldAccess.AccessType.GET
                || !isState(read.getTargetOwner())
                || !isCollection(read.getTarget().getRawType())) {
              continue;
            }
            for (JavaMethodCall call : unit.getMethodCallsFromSelf()) {
              if (call.getLineNumber() == read.getLineNumber()
                  && MUTATORS.contains(call.getName())
                  && isCollection(call.getTargetOwner())) {
                events.add(
                    SimpleConditionEvent.satisfied(
                        call, read.getDescription() + ", then " + call.getDescription()));
              }
            }
          }
        }
      }
    };
  }

  private static boolean isState(JavaClass owner) {
    return owner.getPackageName().equals(LAB_STATE);
  }

  private static boolean isCollection(JavaClass type) {
    return type.isAssignableTo(Collection.class)
        || type.isAssignableTo(Map.class)
        || type.isAssignableTo(Iterator.class);
  }
}
