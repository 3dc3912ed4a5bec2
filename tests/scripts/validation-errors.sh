# What the API server and kubectl say about bad manifests and bad commands.
cat > web.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
EOF
kubectl apply -f web.yaml
cat > typo.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replcas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
EOF
kubectl apply -f typo.yaml
cat > strings.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: three
EOF
kubectl apply -f strings.yaml
cat > negative.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: Web
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
EOF
kubectl apply -f negative.yaml
cat > good.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
EOF
kubectl apply -f good.yaml
kubectl patch sts web -p '{"spec":{"podManagementPolicy":"Parallel"}}'
kubectl patch sts web --type=merge -p '{"spec":{"serviceName":"other"}}'
cat > broken.yaml <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: app: web
EOF
kubectl apply -f broken.yaml
cat > nokind.yaml <<EOF
apiVersion: v1
metadata:
  name: web
EOF
kubectl apply -f nokind.yaml
cat > old.yaml <<EOF
apiVersion: apps/v1beta1
kind: StatefulSet
metadata:
  name: old
EOF
kubectl apply -f old.yaml
kubectl create -f good.yaml
kubectl get pds
kubectl get pods nothere
kubectl delete sts nothere
kubectl scale sts web --replicas=-1
kubectl gett pods
kubectl get pods --bogus
kubectl apply -f missing.yaml
kubectl get sts web -o jsonpath='{.spec.replicas'
kubectl get sts web -o yaml
