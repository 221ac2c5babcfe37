import pymysql


def connect():
    return pymysql.connect(host="mysql-reporting.prod.example.com", user="reporter", password="r3p0rt!ng", database="sales")  # expect: ORM503
