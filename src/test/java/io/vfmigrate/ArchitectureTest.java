package io.vfmigrate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
