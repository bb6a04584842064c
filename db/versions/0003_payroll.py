"""payroll: staff, decrees, runs, slips and lines, the loan fund

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Staff with dated decrees, payroll runs (monthly and off-cycle) with a slip per employee and its
pay lines, loan-fund loans with the committee's approvals and the repayments deducted in runs.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payroll_employees',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('personnel_no', sa.String(length=20), nullable=False),
    sa.Column('national_id', sa.String(length=20), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('hire_date', sa.Date(), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('iban', sa.String(length=40), nullable=False),
    sa.Column('loanfund_opening', sa.BigInteger(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_employees')),
    sa.UniqueConstraint('personnel_no', name=op.f('uq_payroll_employees_personnel_no'))
    )
    op.create_index(op.f('ix_payroll_employees_national_id'), 'payroll_employees', ['national_id'], unique=False)
    op.create_table('payroll_decrees',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('employee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('post', sa.String(length=30), nullable=False),
    sa.Column('employment', sa.String(length=20), nullable=False),
    sa.Column('job_group', sa.Integer(), nullable=True),
    sa.Column('married', sa.Boolean(), nullable=False),
    sa.Column('housing', sa.String(length=30), nullable=False),
    sa.Column('part_time', sa.Boolean(), nullable=False),
    sa.Column('other_allowance', sa.BigInteger(), nullable=False),
    sa.Column('other_deduction', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('job_group IS NULL OR (job_group BETWEEN 1 AND 30)', name=op.f('ck_payroll_decrees_job_group')),
    sa.ForeignKeyConstraint(['employee_id'], ['payroll_employees.id'], name=op.f('fk_payroll_decrees_employee_id_payroll_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_decrees')),
    sa.UniqueConstraint('employee_id', 'effective_from', name='employee_date')
    )
    op.create_index(op.f('ix_payroll_decrees_employee_id'), 'payroll_decrees', ['employee_id'], unique=False)
    op.create_table('payroll_loans',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('employee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('instalments', sa.Integer(), nullable=False),
    sa.Column('balance_at_application', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('insurance', sa.BigInteger(), nullable=False),
    sa.Column('fee', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('instalment', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=True),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('first_month', sa.Integer(), nullable=True),
    sa.Column('granted_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('applied', 'granted', 'rejected', 'repaid')", name=op.f('ck_payroll_loans_status')),
    sa.ForeignKeyConstraint(['employee_id'], ['payroll_employees.id'], name=op.f('fk_payroll_loans_employee_id_payroll_employees')),
    sa.ForeignKeyConstraint(['granted_entry_id'], ['entries.id'], name=op.f('fk_payroll_loans_granted_entry_id_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_loans'))
    )
    op.create_index(op.f('ix_payroll_loans_employee_id'), 'payroll_loans', ['employee_id'], unique=False)
    op.create_table('payroll_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('deductions', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('employer_cost', sa.BigInteger(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('posted_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('paid_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('loanfund_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reversal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reversal_reason', sa.Text(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('posted_by', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'posted', 'paid', 'reversed')", name=op.f('ck_payroll_runs_status')),
    sa.ForeignKeyConstraint(['loanfund_entry_id'], ['entries.id'], name=op.f('fk_payroll_runs_loanfund_entry_id_entries')),
    sa.ForeignKeyConstraint(['paid_entry_id'], ['entries.id'], name=op.f('fk_payroll_runs_paid_entry_id_entries')),
    sa.ForeignKeyConstraint(['posted_entry_id'], ['entries.id'], name=op.f('fk_payroll_runs_posted_entry_id_entries')),
    sa.ForeignKeyConstraint(['reversal_entry_id'], ['entries.id'], name=op.f('fk_payroll_runs_reversal_entry_id_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_runs'))
    )
    op.create_index('ix_payroll_runs_month', 'payroll_runs', ['year', 'month', 'kind'], unique=False)
    op.create_index('uq_payroll_runs_monthly', 'payroll_runs', ['year', 'month'], unique=True,
                    sqlite_where=sa.text("kind = 'monthly' AND status <> 'reversed'"),
                    postgresql_where=sa.text("kind = 'monthly' AND status <> 'reversed'"))
    op.create_table('payroll_loan_approvals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seat', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['loan_id'], ['payroll_loans.id'], name=op.f('fk_payroll_loan_approvals_loan_id_payroll_loans')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_payroll_loan_approvals_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_loan_approvals')),
    sa.UniqueConstraint('loan_id', 'seat', name='loan_seat'),
    sa.UniqueConstraint('loan_id', 'user_id', name='loan_user')
    )
    op.create_index(op.f('ix_payroll_loan_approvals_loan_id'), 'payroll_loan_approvals', ['loan_id'], unique=False)
    op.create_table('payroll_loan_repayments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('loan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('instalment', sa.BigInteger(), nullable=False),
    sa.Column('penalty', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['loan_id'], ['payroll_loans.id'], name=op.f('fk_payroll_loan_repayments_loan_id_payroll_loans')),
    sa.ForeignKeyConstraint(['run_id'], ['payroll_runs.id'], name=op.f('fk_payroll_loan_repayments_run_id_payroll_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_loan_repayments'))
    )
    op.create_index(op.f('ix_payroll_loan_repayments_loan_id'), 'payroll_loan_repayments', ['loan_id'], unique=False)
    op.create_index(op.f('ix_payroll_loan_repayments_run_id'), 'payroll_loan_repayments', ['run_id'], unique=False)
    op.create_table('payroll_slips',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('employee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decree_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('post', sa.String(length=30), nullable=False),
    sa.Column('job_group', sa.Integer(), nullable=True),
    sa.Column('iban', sa.String(length=40), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('deductions', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('employer_cost', sa.BigInteger(), nullable=False),
    sa.Column('taxable', sa.BigInteger(), nullable=False),
    sa.Column('insurable', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['decree_id'], ['payroll_decrees.id'], name=op.f('fk_payroll_slips_decree_id_payroll_decrees')),
    sa.ForeignKeyConstraint(['employee_id'], ['payroll_employees.id'], name=op.f('fk_payroll_slips_employee_id_payroll_employees')),
    sa.ForeignKeyConstraint(['run_id'], ['payroll_runs.id'], name=op.f('fk_payroll_slips_run_id_payroll_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_slips')),
    sa.UniqueConstraint('run_id', 'employee_id', name='run_employee')
    )
    op.create_index(op.f('ix_payroll_slips_employee_id'), 'payroll_slips', ['employee_id'], unique=False)
    op.create_index(op.f('ix_payroll_slips_run_id'), 'payroll_slips', ['run_id'], unique=False)
    op.create_table('payroll_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('slip_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['slip_id'], ['payroll_slips.id'], name=op.f('fk_payroll_lines_slip_id_payroll_slips'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_lines'))
    )
    op.create_index(op.f('ix_payroll_lines_slip_id'), 'payroll_lines', ['slip_id'], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table('payroll_lines')
    op.drop_table('payroll_slips')
    op.drop_table('payroll_loan_repayments')
    op.drop_table('payroll_loan_approvals')
    op.drop_table('payroll_runs')
    op.drop_table('payroll_loans')
    op.drop_table('payroll_decrees')
    op.drop_table('payroll_employees')
