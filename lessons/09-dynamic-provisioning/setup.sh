# en: A fresh kind cluster: nothing has happened yet.
# zh: 一个全新的 kind 集群：什么都还没发生。
