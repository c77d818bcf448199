"""Ships "COR 2020 (demo sample)": the 14 elements of the IHSA COR 2020 audit tool with a
few clearly labelled sample items each (2 points each; a few marked legislated).

The full item list of the tool is not public [DOMAIN-NOTES]: these items are written for
the demo, not quoted from IHSA. An administrator imports the full tool as a new version.
Element numbers follow the order of IHSA's "Steps to COR" page, which does not number them.
The data lives here (not imported from app code) so this migration never changes."""

from django.db import migrations

NAME = "COR 2020 (demo sample)"
VERSION = "demo-1"

D, I, O = "documentation", "interview", "observation"
M, S, W = "management", "supervisors", "workers"

# (element number, title, [(sub-section number, title, [(item, text, legislated, techniques,
#  interview groups)])])
ELEMENTS = [
    (1, "Health and Safety Policy and Document and Record Control", [
        ("1.1", "Health and safety policy", [
            ("1.1.1", "A written health and safety policy is signed and dated by senior management.", False, [D], []),
            ("1.1.2", "The health and safety policy is reviewed at least once a year.", True, [D, I], [M]),
        ]),
        ("1.2", "Document and record control", [
            ("1.2.1", "Health and safety documents show a revision date and are controlled.", False, [D], []),
        ]),
    ]),
    (2, "Hazard Assessment, Analysis and Control", [
        ("2.1", "Hazard identification", [
            ("2.1.1", "A documented hazard assessment covers each job and task.", False, [D], []),
            ("2.1.2", "Workers can describe the hazards of their tasks and how they are controlled.", False, [I], [W]),
        ]),
    ]),
    (3, "Controls", [
        ("3.1", "Control measures", [
            ("3.1.1", "Controls follow the hierarchy of controls for each identified hazard.", False, [D], []),
            ("3.1.2", "Controls are in place on site as written.", False, [O], []),
        ]),
    ]),
    (4, "Procurement and Contractor Management", [
        ("4.1", "Contractor selection", [
            ("4.1.1", "Contractors' health and safety performance is checked before they are hired.", False, [D], []),
            ("4.1.2", "Supervisors can explain how contractors are told about site hazards.", False, [I], [S]),
        ]),
    ]),
    (5, "Company Rules", [
        ("5.1", "Rules and enforcement", [
            ("5.1.1", "Written company rules are communicated to all workers.", False, [D, I], [W]),
            ("5.1.2", "A disciplinary process for rule violations is applied consistently.", False, [D, I], [M, S]),
        ]),
    ]),
    (6, "Personal Protective Equipment", [
        ("6.1", "Selection and use", [
            ("6.1.1", "Required personal protective equipment is identified for each task.", False, [D], []),
            ("6.1.2", "Workers wear the required personal protective equipment.", True, [O], []),
        ]),
    ]),
    (7, "Preventative Maintenance", [
        ("7.1", "Equipment maintenance", [
            ("7.1.1", "A maintenance schedule exists for equipment and vehicles.", False, [D], []),
            ("7.1.2", "Maintenance records are kept and up to date.", False, [D], []),
        ]),
    ]),
    (8, "Training and Communication", [
        ("8.1", "Training", [
            ("8.1.1", "Workers and supervisors have completed health and safety awareness training.", True, [D], []),
            ("8.1.2", "Workers received training on the hazardous products they work with.", True, [D, I], [W]),
        ]),
        ("8.2", "Communication", [
            ("8.2.1", "Health and safety information is shared at regular meetings.", False, [D, I], [M, S, W]),
        ]),
    ]),
    (9, "Workplace Inspections", [
        ("9.1", "Inspection programme", [
            ("9.1.1", "The workplace is inspected at the frequency the law requires.", True, [D], []),
            ("9.1.2", "Deficiencies found in inspections are corrected and followed up.", False, [D, O], []),
        ]),
    ]),
    (10, "Investigations and Reporting", [
        ("10.1", "Incident investigation", [
            ("10.1.1", "Incidents are reported and investigated using a written procedure.", False, [D], []),
            ("10.1.2", "Supervisors can describe how they report an incident.", False, [I], [S]),
        ]),
    ]),
    (11, "Emergency Preparedness", [
        ("11.1", "Emergency response", [
            ("11.1.1", "A written emergency response plan covers the workplace's foreseeable emergencies.", False, [D], []),
            ("11.1.2", "First aid kits and trained first aiders are available as required.", True, [D, O], []),
            ("11.1.3", "Emergency drills are held and reviewed.", False, [D, I], [W]),
        ]),
    ]),
    (12, "Statistics and Records", [
        ("12.1", "Records", [
            ("12.1.1", "Injury and illness statistics are kept and reviewed.", False, [D], []),
            ("12.1.2", "Management can explain trends in the statistics.", False, [I], [M]),
        ]),
    ]),
    (13, "Legislation and Other Requirements", [
        ("13.1", "Legal requirements", [
            ("13.1.1", "Current copies of the applicable health and safety legislation are available.", True, [D, O], []),
            ("13.1.2", "A process identifies changes to legislation and other requirements.", False, [D], []),
        ]),
    ]),
    (14, "Management Review and Management of Change", [
        ("14.1", "Management review", [
            ("14.1.1", "Senior management reviews the health and safety management system yearly.", False, [D, I], [M]),
            ("14.1.2", "Changes to work, equipment or processes are assessed before they happen.", False, [D], []),
        ]),
    ]),
]


def create_demo_tool(apps, schema_editor):
    AuditTool = apps.get_model("audits", "AuditTool")
    Element = apps.get_model("audits", "Element")
    SubSection = apps.get_model("audits", "SubSection")
    Item = apps.get_model("audits", "Item")
    if AuditTool.objects.filter(name=NAME, version=VERSION).exists():
        return
    tool = AuditTool.objects.create(
        name=NAME,
        version=VERSION,
        is_demo=True,
        description=(
            "DEMO SAMPLE — not the full IHSA COR 2020 audit tool. The 14 elements with two or "
            "three sample items each, written for demonstration (2 points each; a few marked "
            "legislated). Import the full tool as a new version before real audits."
        ),
    )
    item_order = 0
    for element_number, title, sub_sections in ELEMENTS:
        element = Element.objects.create(
            tool=tool, number=element_number, title=title, order=element_number
        )
        for sub_order, (sub_number, sub_title, items) in enumerate(sub_sections, start=1):
            sub = SubSection.objects.create(
                element=element, number=sub_number, title=sub_title, order=sub_order
            )
            for number, text, legislated, techniques, groups in items:
                item_order += 1
                Item.objects.create(
                    tool=tool,
                    sub_section=sub,
                    number=number,
                    text=f"[Demo sample] {text}",
                    points=2,
                    legislated=legislated,
                    by_documentation=D in techniques,
                    by_interview=I in techniques,
                    interview_management=M in groups,
                    interview_supervisors=S in groups,
                    interview_workers=W in groups,
                    by_observation=O in techniques,
                    order=item_order,
                )


def remove_demo_tool(apps, schema_editor):
    apps.get_model("audits", "AuditTool").objects.filter(name=NAME, version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_audit_tool")]

    operations = [migrations.RunPython(create_demo_tool, remove_demo_tool)]
