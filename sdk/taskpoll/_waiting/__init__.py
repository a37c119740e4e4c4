"""The waiting layer (internal): the policy and its values, waiters
(acceptors), the wait state and its pure steps, the scheduler."""
