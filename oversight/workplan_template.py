"""The standard workplan a new program year starts from: the five mandates of the COR
Program Standards and Guidelines and funding agreement, with the activities and KPIs of the
certifying partner's template [seed 004]. It is the partner's own document (kept in the
language it is written in); staff adapt it while the workplan is a draft."""

from typing import Any

from .enums import KpiMeasure as M

YEAR = "April – March"

TEMPLATE: tuple[dict[str, Any], ...] = (
    {
        "title": "Plan and implement a coherent communications strategy to promote the COR "
        "Program.",
        "reference": "S&G 1.2 and Agreement 2(c)(ii)",
        "objective": "Develop and deliver a comprehensive communications strategy that drives "
        "engagement with the COR Program among key target demographics.",
        "action_plan": "Social media, collateral, targeted communications and industry "
        "partnerships to promote the COR Program.",
        "activities": [
            {
                "title": "Secure earned media to increase awareness of the COR Program",
                "inputs": "Place articles in partner publications",
                "outputs": "4 articles",
                "kpis": [("Articles placed in partner publications", 4, M.ENTERED)],
            },
            {
                "title": "Research industry sectors and run targeted campaigns",
                "inputs": "Execute targeted outreach campaigns to particular industries",
                "budget": "8450.00",
                "outputs": "4 campaigns, including through industry association membership",
                "kpis": [("Targeted campaigns", 4, M.ENTERED)],
            },
        ],
    },
    {
        "title": "Facilitate the registration and certification of employers.",
        "reference": "S&G 1.3 and Agreement 2(c)(iii)",
        "objective": "Grow employer participation through promotion, access to training and "
        "tailored support.",
        "action_plan": "Convert interest to registrations and certifications by offering "
        "relevant resources and support to employers.",
        "activities": [
            {
                "title": "Support employers along the way to COR registration and certification",
                "inputs": "Consultations, COR gap analyses, regular outreach with registered "
                "employers",
                "budget": "5000.00",
                "responsible": "Staff, consultants",
                "outputs": "15 new COR registrations; 5 new COR certifications",
                "kpis": [
                    ("New COR registrations", 15, M.NEW_REGISTRATIONS),
                    ("New COR certifications", 5, M.NEW_CERTIFICATIONS),
                    ("COR readiness gap analyses completed", 5, M.ENTERED),
                ],
            },
            {
                "title": "Support certified employers to keep their COR",
                "inputs": "Flexible scheduling and rescheduling of audits",
                "outputs": "100 % certified employer retention",
                "kpis": [("Certified employer retention (%)", 100, M.CERTIFIED_RETENTION)],
            },
        ],
    },
    {
        "title": "Help employers meet their needs for COR Program related training and "
        "qualified internal auditors.",
        "reference": "S&G 1.4 and Agreement 2(c)(iv)",
        "objective": "Support the development of internal audit processes by employers.",
        "action_plan": "Train internal auditors and keep an accurate list of them, tracking "
        "their professional development.",
        "activities": [
            {
                "title": "Maintain an accurate list of certified internal auditors",
                "inputs": "Deliver internal auditor training; track professional development",
                "outputs": "At least 3 internal auditor training sessions; employers with more "
                "than one trained internal auditor",
                "kpis": [
                    ("Internal auditor training sessions", 3, M.ENTERED),
                    (
                        "Employers with more than one trained internal auditor",
                        10,
                        M.EMPLOYERS_MULTI_IA,
                    ),
                ],
            },
        ],
    },
    {
        "title": "Ensure the provision of auditor training and availability of external auditors.",
        "reference": "S&G 1.10 and Agreement 2(c)(iv) and (x)",
        "objective": "Maintain the availability of sufficient external auditors and keep "
        "auditor training to a high standard.",
        "action_plan": "An adequate roster of auditors and high-quality external auditor training.",
        "activities": [
            {
                "title": "Maintain the roster of external auditors, tracking professional "
                "development",
                "inputs": "Training, updates on program changes, annual declarations",
                "outputs": "External auditor annual declarations: 9; 1 update session",
                "kpis": [
                    ("External auditor annual declarations", 9, M.AUDITOR_DECLARATIONS),
                    ("Update sessions for external auditors", 1, M.ENTERED),
                ],
            },
        ],
    },
    {
        "title": "Provide verification and quality assurance oversight.",
        "reference": "S&G 1.11 and Agreement 2(c)(xi)",
        "objective": "Maintain the quality and integrity of the COR Program through effective "
        "verification and quality assurance.",
        "action_plan": "Desktop quality assurance of every COR audit, EAQAs and verification "
        "audits.",
        "activities": [
            {
                "title": "Perform desktop quality assurance (QA) for all COR audits",
                "inputs": "Follow up with auditors where improvement is needed, or if "
                "plagiarism is suspected",
                "budget": "10000.00",
                "responsible": "Staff, consultants",
                "outputs": "100 % of audits",
                "kpis": [("Audits QA'd before release (%)", 100, M.QA_COVERAGE)],
            },
            {
                "title": "Perform external auditor quality assurance audits (EAQA) on 10 % of "
                "external auditors",
                "inputs": "Auditors selected on rotation; EAQA conducted and report provided",
                "budget": "800.00",
                "responsible": "Staff, consultants",
                "outputs": "1 EAQA (> 10 % of current roster)",
                "kpis": [("EAQAs completed (> 10 % of roster)", 1, M.EAQA_COMPLETED)],
            },
            {
                "title": "Perform verification audits",
                "inputs": "Notify employers, select auditors, QA review of all audit documentation",
                "budget": "15000.00",
                "responsible": "Staff, consultants",
                "outputs": "2 verification audits",
                "kpis": [("Verification audits", 2, M.ENTERED)],
            },
        ],
    },
)
