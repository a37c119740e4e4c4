"""The durability layer (internal): ledgers (request budgets, pacing buckets,
step claims) and stores of saved waits."""
