"""Invoice numbers unique per provider and municipality; documents served by a random id.

invoices: the unique constraint spanned every municipality, so a refused number (or the
IntegrityError behind it) told one municipality that another held that invoice; a provider
may number its invoices per customer anyway (issue 17, checklist A11).

documents.public_id: the address a file is downloaded at, random (secrets.token_urlsafe),
so document ids cannot be counted through. Existing rows get one each.

Revision ID: a13scope
Revises: a12ops
Create Date: 2026-12-07
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "a13scope"
down_revision = "a12ops"
branch_labels = None
depends_on = None

OLD_UNIQUE = ["provider_id", "invoice_number"]
NEW_UNIQUE = ["provider_id", "municipality_id", "invoice_number"]


def upgrade():
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.drop_constraint(op.f("uq_invoices_provider_id_invoice_number"), type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_invoices_provider_id_municipality_id_invoice_number"), NEW_UNIQUE)
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=43), nullable=True))
    documents = sa.table("documents", sa.column("id", sa.Integer),
                         sa.column("public_id", sa.String))
    connection = op.get_bind()
    for (document_id,) in connection.execute(sa.select(documents.c.id)).all():
        connection.execute(documents.update().where(documents.c.id == document_id)
                           .values(public_id=secrets.token_urlsafe(32)))
    with op.batch_alter_table("documents") as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=43), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_documents_public_id"), ["public_id"])


def downgrade():
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_constraint(op.f("uq_documents_public_id"), type_="unique")
        batch_op.drop_column("public_id")
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.drop_constraint(
            op.f("uq_invoices_provider_id_municipality_id_invoice_number"), type_="unique")
        batch_op.create_unique_constraint(op.f("uq_invoices_provider_id_invoice_number"),
                                          OLD_UNIQUE)
