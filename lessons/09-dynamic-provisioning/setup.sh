# A fresh kind cluster: nothing has happened yet.
