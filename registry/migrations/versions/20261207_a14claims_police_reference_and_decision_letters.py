"""Claims record the police's reference number and keep the decision letter (issue 18).

reimbursement_claims.police_reference: the police's diarienummer (empty on existing claims).
documents.claim_id: a police decision letter (kind police_decision) belongs to one claim; a
document now belongs to a provider, an agreement or a claim. Existing documents are unchanged.

Revision ID: a14claims
Revises: a14units
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a14claims"
down_revision = "a14units"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('permit', 'audit_report', 'contract', 'evidence', 'other')"
NEW_KINDS = ("kind IN ('permit', 'audit_report', 'contract', 'evidence', 'police_decision', "
             "'other')")
OLD_OWNER = "provider_id IS NOT NULL OR agreement_id IS NOT NULL"
NEW_OWNER = "provider_id IS NOT NULL OR agreement_id IS NOT NULL OR claim_id IS NOT NULL"


def upgrade():
    with op.batch_alter_table("reimbursement_claims") as batch_op:
        batch_op.add_column(sa.Column("police_reference", sa.String(length=60), nullable=True))
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_documents_claim_id_reimbursement_claims"),
                                    "reimbursement_claims", ["claim_id"], ["id"])
        batch_op.create_index(op.f("ix_documents_claim_id"), ["claim_id"], unique=False)
        batch_op.drop_constraint(op.f("ck_documents_kind_allowed"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_kind_allowed"), NEW_KINDS)
        batch_op.drop_constraint(op.f("ck_documents_has_owner"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_has_owner"), NEW_OWNER)


def downgrade():
    op.execute("DELETE FROM documents WHERE claim_id IS NOT NULL")
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_constraint(op.f("ck_documents_has_owner"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_has_owner"), OLD_OWNER)
        batch_op.drop_constraint(op.f("ck_documents_kind_allowed"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_kind_allowed"), OLD_KINDS)
        batch_op.drop_index(op.f("ix_documents_claim_id"))
        batch_op.drop_constraint(op.f("fk_documents_claim_id_reimbursement_claims"),
                                 type_="foreignkey")
        batch_op.drop_column("claim_id")
    with op.batch_alter_table("reimbursement_claims") as batch_op:
        batch_op.drop_column("police_reference")
